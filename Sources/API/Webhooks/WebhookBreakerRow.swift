import GRDB
import MCWebhooks

/// Stores a webhook's `WebhookCircuitBreaker` in its row: `circuit_state`,
/// `circuit_next_probe_at` (open), `circuit_probe_started_at` (half-open),
/// `consecutive_failures` and `circuit_reopens`.
enum WebhookBreakerRow {
    static let columns = "circuit_state, circuit_next_probe_at, circuit_probe_started_at, consecutive_failures, circuit_reopens"

    static func load(_ row: Row, policy: WebhookCircuitBreakerPolicy) -> WebhookCircuitBreaker {
        let phase: WebhookCircuitBreaker.Phase
        switch row["circuit_state"] as String {
        case "open": phase = .open(nextProbeAt: row["circuit_next_probe_at"] ?? 0)
        case "half_open": phase = .halfOpen(probeStartedAt: row["circuit_probe_started_at"] ?? 0)
        default: phase = .closed
        }
        return WebhookCircuitBreaker(
            policy: policy, phase: phase, consecutiveFailures: row["consecutive_failures"] ?? 0,
            consecutiveReopens: row["circuit_reopens"] ?? 0)
    }

    static func save(_ breaker: WebhookCircuitBreaker, webhookID: Int64, _ db: Database) throws {
        var nextProbe: Int64?
        var probeStarted: Int64?
        switch breaker.phase {
        case .closed: break
        case .open(let at): nextProbe = at
        case .halfOpen(let started):
            probeStarted = started
            nextProbe = breaker.nextProbeAt
        }
        try db.execute(
            sql: """
                UPDATE webhooks SET circuit_state = ?, circuit_next_probe_at = ?, circuit_probe_started_at = ?,
                                    consecutive_failures = ?, circuit_reopens = ? WHERE id = ?
                """,
            arguments: [
                breaker.state.rawValue, nextProbe, probeStarted, breaker.consecutiveFailures, breaker.consecutiveReopens,
                webhookID,
            ])
    }
}
