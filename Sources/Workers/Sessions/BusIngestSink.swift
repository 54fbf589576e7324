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

    static let stateMethod = "sessions.state"
    static let ingestMethod = "sessions.ingest"
    static let fileRemovedMethod = "sessions.file_removed"

    func storedStates() async throws -> [String: TranscriptFileState] {
        let answer = try await bus.request(Self.stateMethod, .emptyObject, timeout: timeout)
        guard let files = answer["files"]?.arrayValue else {
            throw IPCError(.protocol, "\(Self.stateMethod) answered without a 'files' array")
        }
        var states: [String: TranscriptFileState] = [:]
        var invalid = 0
        for entry in files {
            guard let stored = TranscriptFileState.fromStoredEntry(entry) else {
                invalid += 1
                continue
            }
            states[stored.path] = stored.state
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
