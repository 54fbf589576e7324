import MCShared

/// The webhook settings both mc-api and the deliverer read from the environment, so they agree.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `MC_WEBHOOK_MAX_RETRIES` | 5 (1…10) | attempts per delivery, including the first (the original's name and meaning) |
/// | `MC_WEBHOOK_ALLOW_PRIVATE` | off | let loopback, private and CGNAT targets through the SSRF guard |
public struct WebhookSettings: Sendable, Hashable {
    /// The retry schedule (`MC_WEBHOOK_MAX_RETRIES`).
    public var retrySchedule: WebhookRetrySchedule
    /// Whether private targets are allowed (`MC_WEBHOOK_ALLOW_PRIVATE`).
    public var allowPrivate: Bool

    /// Settings with explicit values.
    public init(retrySchedule: WebhookRetrySchedule = WebhookRetrySchedule()!, allowPrivate: Bool = false) {
        self.retrySchedule = retrySchedule
        self.allowPrivate = allowPrivate
    }

    /// Reads the settings; an invalid value throws an error naming the variable.
    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        let attempts = try environment.integer(
            "MC_WEBHOOK_MAX_RETRIES", default: WebhookRetrySchedule.defaultMaxAttempts,
            in: WebhookRetrySchedule.maxAttemptsRange)
        // In range, so the schedule exists.
        self.init(
            retrySchedule: WebhookRetrySchedule(maxAttempts: attempts)!,
            allowPrivate: try environment.flag("MC_WEBHOOK_ALLOW_PRIVATE"))
    }

    /// The SSRF guard these settings call for, with the system resolver.
    public var targetGuard: WebhookTargetGuard { WebhookTargetGuard(allowPrivate: allowPrivate) }
}
