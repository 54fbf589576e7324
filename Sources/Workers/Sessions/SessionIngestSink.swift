import MCTranscripts

/// Where the scanner sends what it reads: `mc-api` over the bus in production
/// (`BusIngestSink`), a recording fake in tests. Every call may fail; the scanner then keeps
/// its state and tries again later, so a method must either store everything it was given or
/// nothing.
protocol SessionIngestSink: Sendable {
    /// The stored state of every tracked file (`sessions.state`), by path.
    func storedStates() async throws -> [String: TranscriptFileState]
    /// Stores the records and, in the same transaction, the file's new state (`sessions.ingest`).
    func ingest(_ batch: IngestBatch) async throws -> IngestReceipt
    /// Says a tracked file is gone (`sessions.file_removed`); its ledger rows stay.
    func fileRemoved(path: String) async throws
}

/// One `sessions.ingest` request: records from one file, and the state that covers them.
struct IngestBatch: Sendable, Hashable {
    /// The file the records come from.
    var file: IngestFile
    /// De-duplicated usage records, in file order.
    var records: [UsageRecord]
    /// Lines in the covered bytes that were skipped: not JSON, or longer than the line limit.
    var malformed: Int
}

/// The file part of an ingest request.
struct IngestFile: Sendable, Hashable {
    /// Absolute path.
    var path: String
    /// The state to store with the records: the offset just after the last line they cover.
    var state: TranscriptFileState
    /// The session the file belongs to (the parent's, for subagents).
    var sessionID: String
    /// The project folder name (Claude's encoding of the cwd).
    var project: String
    /// The subagent id, for subagent files.
    var agentID: String?
    /// The layout the file was found in.
    var kind: TranscriptFile.Kind
}

/// `mc-api`'s answer to an ingest: rows inserted, and rows a better copy replaced.
struct IngestReceipt: Sendable, Hashable {
    var stored: Int
    var replaced: Int
}
