import MCShared
import MCWebhooks

/// The deliverer's knobs. Only the concurrency comes from the environment; the rest are the
/// issue's fixed rules, kept here (and injectable) so tests can shrink the waits.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `MC_WEBHOOK_CONCURRENCY` | 32 (1…256) | deliveries in flight at once |
struct WebhookDelivererSettings: Sendable {
    static let defaultConcurrency = 32
    static let concurrencyRange = 1...256

    /// Deliveries in flight at once; the lease `limit` is the free part of this.
    var concurrency: Int = Self.defaultConcurrency
    /// Leases per webhook at once, so one slow receiver cannot take every slot.
    var perWebhook: Int = 4
    /// How long a lease lasts; longer than a whole attempt (timeout plus report).
    var leaseSeconds: Int = 30
    /// The whole attempt's limit: connect, send, response head and the kept body.
    var requestTimeout: Duration = .seconds(10)
    /// The shortest wait before leasing again for `next_due_at`: never poll faster than this.
    var minimumTimer: Duration = .seconds(1)
    /// The longest wait between leases, so a lost `webhooks.due` costs at most this.
    var safetyInterval: Duration = .seconds(30)
    /// Backoff while mc-api is unreachable.
    var unavailableBackoff = ExponentialBackoff(base: .milliseconds(250), cap: .seconds(5))
    /// Response bytes kept for the report.
    var keptResponseBytes = 1024
    /// The SSRF guard run again before every attempt.
    var targetGuard = WebhookTargetGuard()

    /// The defaults.
    init() {}

    /// Reads `MC_WEBHOOK_CONCURRENCY` and the shared webhook settings (for the guard).
    init(environment: EnvironmentReader) throws(ConfigurationError) {
        concurrency = try environment.integer(
            "MC_WEBHOOK_CONCURRENCY", default: Self.defaultConcurrency, in: Self.concurrencyRange)
        targetGuard = try WebhookSettings(environment: environment).targetGuard
    }
}
