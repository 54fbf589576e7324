/// A transcript file found under a root, with what its path says about it.
///
/// The path is only a hint: the lines' own `sessionId` and `cwd` are authoritative (the folder
/// name is a lossy encoding of the cwd, and subagent lines carry their parent's `sessionId`).
public struct TranscriptFile: Sendable, Hashable {
    /// Where the file sits in the layouts Claude Code has used.
    public enum Kind: String, Sendable, Hashable {
        /// `<project>/<session>.jsonl`: a main session.
        case session
        /// `<project>/<session>/subagents/agent-<agentId>.jsonl`.
        case subagent
        /// `<project>/<session>/subagents/workflows/<wf>/agent-<agentId>.jsonl`.
        case workflowAgent
        /// `<project>/agent-<id>.jsonl`: the old flat layout; the parent session is known only
        /// from the lines' `sessionId`.
        case legacySubagent
        /// Any other `.jsonl` under `<project>/<session>/`, attributed to that session.
        case sessionFile
    }

    /// Absolute path.
    public var path: String
    /// The `projects` root it was found under.
    public var root: String
    /// The project folder name: Claude's encoding of the cwd (`-Users-me-app`).
    public var projectSlug: String
    /// The session the path attributes it to (the parent's, for subagents); nil for the old
    /// flat subagent layout.
    public var sessionID: String?
    /// The subagent id from `agent-<id>.jsonl`.
    public var agentID: String?
    /// The layout.
    public var kind: Kind
    /// `st_dev`, `st_ino` and `st_size` at the walk, so a rescan can skip unchanged files
    /// without opening them.
    public var device: UInt64
    /// See `device`.
    public var inode: UInt64
    /// See `device`.
    public var size: Int64

    /// Creates a file description.
    public init(
        path: String, root: String, projectSlug: String, sessionID: String?, agentID: String?, kind: Kind,
        device: UInt64 = 0, inode: UInt64 = 0, size: Int64 = 0
    ) {
        self.path = path
        self.root = root
        self.projectSlug = projectSlug
        self.sessionID = sessionID
        self.agentID = agentID
        self.kind = kind
        self.device = device
        self.inode = inode
        self.size = size
    }

    /// True when the walk saw the same file (device and inode) at the size `state` last looked
    /// at: nothing to read, so a safety rescan need not even open it.
    public func isUnchanged(since state: TranscriptFileState?) -> Bool {
        guard let state else { return false }
        return state.device == device && state.inode == inode && state.size == size
    }

    /// Attribution of a path relative to a root, given as its components
    /// (`["-Users-me-app", "<session>", "subagents", "agent-a1.jsonl"]`). Nil for files that are
    /// not transcripts: not `.jsonl`, directly in the root, or a workflow `journal.jsonl`
    /// (which holds no usage).
    public static func classify(_ components: [String]) -> (kind: Kind, sessionID: String?, agentID: String?)? {
        guard components.count >= 2, let name = components.last, name.hasSuffix(".jsonl"),
            name.count > ".jsonl".count
        else { return nil }
        let stem = String(name.dropLast(".jsonl".count))
        let agentID = stem.hasPrefix("agent-") && stem.count > "agent-".count ? String(stem.dropFirst(6)) : nil
        if components.count == 2 {
            if let agentID { return (kind: .legacySubagent, sessionID: nil, agentID: agentID) }
            return (kind: .session, sessionID: stem, agentID: nil)
        }
        if name == "journal.jsonl" { return nil }
        let sessionID = components[1]
        let inside = components[2..<(components.count - 1)]
        guard let agentID, inside.first == "subagents" else {
            return (kind: .sessionFile, sessionID: sessionID, agentID: nil)
        }
        return (kind: inside.contains("workflows") ? .workflowAgent : .subagent, sessionID: sessionID, agentID: agentID)
    }
}
