import MCIPC
import MCShared
import MCTranscripts

/// The body of `sessions.ingest` (the scanner's contract): one file's new state and the usage
/// records read from it. Decoding checks every field the ledger needs; a malformed batch is
/// refused whole (`bad_request`), so the scanner's offset never moves past lines it lost.
struct SessionIngestBatch: Sendable {
    /// Most records accepted in one batch.
    static let maximumRecords = 10_000
    /// Longest text field (ids, paths, model names), in characters.
    static let maximumTextLength = 4096

    /// A transcript file's identity and read position (`transcript_files`).
    struct File: Sendable, Hashable {
        var path: String
        var state: TranscriptFileState
        var sessionID: String?
        var project: String?
        var agentID: String?
        var kind: String?
    }

    var file: File
    var entries: [LedgerEntry]
    var malformed: Int

    init(_ body: JSONValue) throws(IPCError) {
        guard case .object? = body["file"], let path = try Self.text(body["file"]?["path"], "file.path"), !path.isEmpty else {
            throw IPCError(.badRequest, "sessions.ingest needs file.path")
        }
        file = File(
            path: path, state: try Self.state(body["file"]?["state"], "file.state"),
            sessionID: try Self.text(body["file"]?["session_id"], "file.session_id"),
            project: try Self.text(body["file"]?["project"], "file.project"),
            agentID: try Self.text(body["file"]?["agent_id"], "file.agent_id"),
            kind: try Self.text(body["file"]?["kind"], "file.kind"))
        guard let records = body["records"]?.arrayValue else { throw IPCError(.badRequest, "sessions.ingest needs records (an array)") }
        guard records.count <= Self.maximumRecords else {
            throw IPCError(.badRequest, "sessions.ingest accepts at most \(Self.maximumRecords) records per batch (got \(records.count))")
        }
        malformed = max(0, body["malformed"]?.intValue ?? 0)
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            entries.append(try Self.entry(record, index: index, file: file))
        }
        self.entries = entries
    }

    private static func entry(_ record: JSONValue, index: Int, file: File) throws(IPCError) -> LedgerEntry {
        let name = "records[\(index)]"
        guard case .object? = record["usage"] else { throw IPCError(.badRequest, "\(name).usage must be an object") }
        func count(_ field: String) throws(IPCError) -> Int {
            guard let value = record["usage"]?[field]?.intValue, value >= 0 else {
                throw IPCError(.badRequest, "\(name).usage.\(field) must be a non-negative integer")
            }
            return value
        }
        let usage = TokenUsage(
            input: try count("input"), output: try count("output"), cacheCreation5m: try count("cache_creation_5m"),
            cacheCreation1h: try count("cache_creation_1h"), cacheRead: try count("cache_read"))
        guard let timestamp = record["timestamp_ms"]?.intValue else {
            throw IPCError(.badRequest, "\(name).timestamp_ms must be an integer")
        }
        var flags: [String] = []
        for flag in record["flags"]?.arrayValue ?? [] {
            guard let text = flag.stringValue, text.count <= 64 else {
                throw IPCError(.badRequest, "\(name).flags must be strings of at most 64 characters")
            }
            flags.append(text)
        }
        let sidechain = record["sidechain"]?.boolValue ?? false
        return LedgerEntry(
            storageKey: try text(record["key"], "\(name).key"), source: .transcript,
            sessionID: try text(record["session_id"], "\(name).session_id") ?? file.sessionID, projectSlug: file.project,
            cwd: try text(record["cwd"], "\(name).cwd"), gitBranch: try text(record["git_branch"], "\(name).git_branch"),
            subagentID: file.agentID, messageID: try text(record["message_id"], "\(name).message_id"),
            requestID: try text(record["request_id"], "\(name).request_id"), sidechain: sidechain,
            speed: try text(record["speed"], "\(name).speed"), model: try text(record["model"], "\(name).model"),
            timestampMs: Int64(timestamp), usage: usage, flags: flags)
    }

    /// An optional string field, bounded.
    private static func text(_ value: JSONValue?, _ name: String) throws(IPCError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)? where text.count <= maximumTextLength: return text
        default: throw IPCError(.badRequest, "\(name) must be a string of at most \(maximumTextLength) characters or null")
        }
    }

    /// `{device, inode, size, offset}`, all non-negative integers, offset ≤ size.
    static func state(_ value: JSONValue?, _ name: String) throws(IPCError) -> TranscriptFileState {
        func number(_ field: String) throws(IPCError) -> Int {
            guard let number = value?[field]?.intValue, number >= 0 else {
                throw IPCError(.badRequest, "\(name).\(field) must be a non-negative integer")
            }
            return number
        }
        let state = TranscriptFileState(
            device: UInt64(try number("device")), inode: UInt64(try number("inode")), size: Int64(try number("size")),
            offset: Int64(try number("offset")))
        guard state.offset <= state.size else { throw IPCError(.badRequest, "\(name).offset must not exceed \(name).size") }
        return state
    }
}
