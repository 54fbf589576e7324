import Foundation
import MCIPC
import MCShared
import NIOConcurrencyHelpers

/// `sessions.ingest`, `sessions.state` and `sessions.file_removed` on the bus (the scanner
/// worker). Like the webhook endpoint, it exists before the database does and is attached once
/// it is built.
final class SessionBusEndpoint: Sendable {
    static let ingestMethod = "sessions.ingest"
    static let stateMethod = "sessions.state"
    static let fileRemovedMethod = "sessions.file_removed"
    static let methods: Set<String> = [ingestMethod, stateMethod, fileRemovedMethod]
    /// The topic the scanner subscribes to: scan now (`POST /api/claude/sessions`).
    static let scanTopic = "sessions.scan"

    private let ledger = NIOLockedValueBox<SessionLedger?>(nil)

    func attach(_ ledger: SessionLedger) { self.ledger.withLockedValue { $0 = ledger } }

    /// Answers one of the methods.
    func handle(method: String, body: JSONValue) async throws(IPCError) -> JSONValue {
        guard let ledger = ledger.withLockedValue({ $0 }) else { throw IPCError(.unavailable, "mc-api is still starting") }
        do {
            switch method {
            case Self.ingestMethod:
                return try await ledger.ingest(try SessionIngestBatch(body))
            case Self.stateMethod:
                return try await ledger.state()
            default:
                guard let path = body["path"]?.stringValue, !path.isEmpty else {
                    throw IPCError(.badRequest, "sessions.file_removed needs path")
                }
                return try await ledger.fileRemoved(path: path)
            }
        } catch let error as IPCError {
            throw error
        } catch {
            throw IPCError(.internal, "\(method) failed: \(error)")
        }
    }
}
