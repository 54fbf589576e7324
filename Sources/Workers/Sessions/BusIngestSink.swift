import Logging
import MCIPC
import MCShared
import MCTranscripts

/// The scanner's sink in production: `mc-api`'s `sessions.*` methods over the bus. While the
/// bus is down every call fails at once with `unavailable`, and the scanner retries later.
struct BusIngestSink: SessionIngestSink {
    /// The bus to `mc-api`.
    let bus: ReconnectingIPCClient
    let logger: Logger
    /// Deadline of one call: an ingest is one SQLite transaction of at most 1 MiB of records.
    var timeout: Duration = .seconds(30)
    /// States per `sessions.state` answer: about 150 bytes each, so 5,000 stay far below 4 MiB.
    var statePageSize = 5_000

    static let stateMethod = "sessions.state"
    static let ingestMethod = "sessions.ingest"
    static let fileRemovedMethod = "sessions.file_removed"

    /// Asks for the stored states in pages of `statePageSize`: `{"limit": n}`, then
    /// `{"after": <last path>, "limit": n}` while the answer says `"more": true`. A ledger that
    /// ignores paging answers everything at once without `more`, which ends the loop; paging
    /// keeps each answer under the IPC frame limit for trees of any size.
    func storedStates() async throws -> [String: TranscriptFileState] {
        var states: [String: TranscriptFileState] = [:]
        var invalid = 0
        var after: String?
        while true {
            var body: JSONValue = ["limit": .number(Double(statePageSize))]
            if let after { body = ["after": .string(after), "limit": .number(Double(statePageSize))] }
            let answer = try await bus.request(Self.stateMethod, body, timeout: timeout)
            guard let files = answer["files"]?.arrayValue else {
                throw IPCError(.protocol, "\(Self.stateMethod) answered without a 'files' array")
            }
            for entry in files {
                guard let stored = TranscriptFileState.fromStoredEntry(entry) else {
                    invalid += 1
                    continue
                }
                states[stored.path] = stored.state
            }
            let last = files.last?["path"]?.stringValue
            guard answer["more"]?.boolValue == true, let last, last != after else { break }
            after = last
        }
        if invalid > 0 {
            // Such a file is read again from its start; the ledger's keys absorb the re-read.
            logger.warning("stored transcript states ignored", metadata: ["mc.scan.invalid_states": "\(invalid)"])
        }
        return states
    }

    func ingest(_ batch: IngestBatch) async throws -> IngestReceipt {
        IngestReceipt(json: try await bus.request(Self.ingestMethod, batch.jsonBody, timeout: timeout))
    }

    func fileRemoved(path: String) async throws {
        _ = try await bus.request(Self.fileRemovedMethod, ["path": .string(path)], timeout: timeout)
    }
}
