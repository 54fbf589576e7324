/// Turns a stream of transcript lines into de-duplicated API responses (claude-transcripts.md
/// §2 and §4.3; the original summed every line, inflating totals 1.8–2×).
///
/// Feed it every line in file order; it answers with the change the ledger must make, or nil
/// when the line carries no usage or is a copy that does not beat the one already reported.
/// Streamed copies of a response (same `message.id` + `requestId`) report once and are then
/// improved when a larger copy follows; sidechain replays merge with the main-chain copy (see
/// `UsageCopyRule`). `<synthetic>` lines and lines of unknown models are kept and flagged.
///
/// **Memory bound.** State is kept per session (the line's `sessionId`; subagent lines carry the
/// parent's) for at most `Window.sessions` sessions, least recently used evicted first, and each
/// session remembers at most `2 × Window.responsesPerSession` response ids (see
/// `RecentResponseWindow`). With the defaults that is 64 × 2 × 256 = 32,768 survivors of a few
/// hundred bytes each, about 10 MB in the worst case and a few hundred KB in practice. Copies of
/// one response are written within a few lines of each other, so the window only forgets
/// responses that cannot reappear — except replays into other files (resumed sessions), which
/// the ledger's unique key on `UsageKey` absorbs. The state is a value that changes only with
/// the lines fed in, so the result never depends on how a file was split into reads.
public struct UsageDeduplicator: Sendable, Hashable {
    /// The bounds of the de-duplicator's memory.
    public struct Window: Sendable, Hashable {
        /// Sessions remembered at once.
        public var sessions: Int
        /// Distinct responses always remembered per session (up to twice as many are held).
        public var responsesPerSession: Int

        /// The bounds; the defaults are documented on `UsageDeduplicator`.
        public init(sessions: Int = 64, responsesPerSession: Int = 256) {
            self.sessions = max(1, sessions)
            self.responsesPerSession = max(1, responsesPerSession)
        }
    }

    /// The bounds in use.
    public let window: Window
    /// Lines that carried usage.
    public private(set) var usageLines = 0
    /// Usage lines recognised as copies of a response already reported.
    public private(set) var duplicateLines = 0

    private var sessions: [String: RecentResponseWindow] = [:]
    private var clock: UInt64 = 0

    /// An empty de-duplicator.
    public init(window: Window = Window()) {
        self.window = window
    }

    /// Sessions currently remembered (never more than `window.sessions`).
    public var rememberedSessions: Int { sessions.count }

    /// Handles one line; see the type's documentation.
    public mutating func add(_ line: TranscriptLine) -> UsageChange? {
        guard let usage = line.usage else { return nil }
        usageLines += 1
        let key = UsageCopyRule.key(of: line)
        let windowID: String
        switch key {
        case .unkeyed: return .added(UsageRecord(key: key, line: line, usage: usage))
        case .response(let messageID, _): windowID = messageID
        case .line(let uuid): windowID = "\u{1}" + uuid  // cannot collide with a message id
        }
        clock += 1
        let sessionID = line.sessionID ?? ""
        var session = sessions.removeValue(forKey: sessionID)
            ?? RecentResponseWindow(capacity: window.responsesPerSession, now: clock)
        session.lastUse = clock
        defer {
            sessions[sessionID] = session
            evictSessionsBeyondBound()
        }
        var survivors = session.survivors(for: windowID)
        let match = survivors.firstIndex { survivor in
            if case .line = key { return true }
            return survivor.line.requestID == line.requestID
        } ?? survivors.firstIndex { !$0.line.isSidechain && line.isSidechain }
            ?? survivors.firstIndex { $0.line.isSidechain || line.isSidechain }
        guard let match else {
            survivors.append(.init(key: key, line: line))
            session.store(survivors, for: windowID)
            return .added(UsageRecord(key: key, line: line, usage: usage))
        }
        duplicateLines += 1
        let current = survivors[match]
        guard UsageCopyRule.prefers(line, over: current.line) else { return nil }
        survivors[match] = .init(key: key, line: line)
        session.store(survivors, for: windowID)
        return .improved(UsageRecord(key: key, line: line, usage: usage), replacing: current.key)
    }

    /// Drops the least recently used session while more than `window.sessions` are held.
    /// The scan is linear, but runs only when a new session pushes the count over the bound.
    private mutating func evictSessionsBeyondBound() {
        while sessions.count > window.sessions {
            guard let oldest = sessions.min(by: { $0.value.lastUse < $1.value.lastUse })?.key else { return }
            sessions.removeValue(forKey: oldest)
        }
    }
}
