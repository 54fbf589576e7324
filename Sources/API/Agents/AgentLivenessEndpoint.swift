import Foundation
import MCIPC
import MCShared
import NIOConcurrencyHelpers

/// The bus side of liveness: answers `agents.liveness_sweep` for the scheduler worker.
///
/// The bus starts before the database's event hub exists (the hub forwards events onto the
/// bus), so the database is attached once it is built; a sweep asked for before then is
/// `unavailable`, which the scheduler already tolerates while `mc-api` restarts.
final class AgentLivenessEndpoint: Sendable {
    /// The bus method name.
    static let method = "agents.liveness_sweep"

    /// Seconds without a heartbeat before an agent is offline.
    let timeout: Int64
    private let database = NIOLockedValueBox<EventedDatabase?>(nil)

    /// Reads `MC_AGENT_OFFLINE_TIMEOUT`; a bad value stops `mc-api` at start.
    init(environment: EnvironmentReader) throws(ConfigurationError) {
        timeout = try AgentLiveness.timeout(environment)
    }

    init(timeout: Int64, database: EventedDatabase? = nil) {
        self.timeout = timeout
        self.database.withLockedValue { $0 = database }
    }

    /// Connects the endpoint to the database once it exists.
    func attach(_ database: EventedDatabase) {
        self.database.withLockedValue { $0 = database }
    }

    /// Runs one sweep now: `{offline: [names], timeout}`.
    func sweep(now: Int64 = Int64(Date().timeIntervalSince1970)) async throws(IPCError) -> JSONValue {
        guard let database = self.database.withLockedValue({ $0 }) else {
            throw IPCError(.unavailable, "mc-api is still starting")
        }
        let fallback = self.timeout
        do {
            // The settings `general.agent_heartbeat` / `general.agent_timeout_minutes`, when an
            // admin stored them, win over the environment's default.
            let (swept, timeout, enabled) = try await database.write { db, events in
                let settings = try SettingsService.liveness(db, fallback: fallback)
                guard settings.enabled else { return ([AgentLiveness.SweptAgent](), settings.timeout, false) }
                return (try AgentLiveness.sweep(db, events: &events, now: now, timeout: settings.timeout), settings.timeout, true)
            }
            return [
                "offline": .array(swept.map { .string($0.name) }), "timeout": .number(Double(timeout)), "enabled": .bool(enabled),
            ]
        } catch {
            throw IPCError(.internal, "liveness sweep failed: \(error)")
        }
    }
}
