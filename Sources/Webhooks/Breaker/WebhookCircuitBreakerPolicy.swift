/// The numbers behind `WebhookCircuitBreaker`, all in whole seconds.
public struct WebhookCircuitBreakerPolicy: Sendable, Hashable {
    /// Consecutive failures that open a closed breaker (default 5, as the original's
    /// `MC_WEBHOOK_MAX_RETRIES`, which doubled as its breaker threshold). At least 1.
    public var failureThreshold: Int
    /// The wait before the first probe after the breaker opens (default 5 min).
    public var baseCooldown: Int64
    /// The longest wait: each re-open after a failed probe doubles the cooldown up to this
    /// (default 1 h), so a receiver that stays down costs one request an hour, not one a minute.
    public var maxCooldown: Int64
    /// How long a probe may stay unanswered before another one is allowed (default 60 s, well
    /// over the 10 s delivery timeout). Without it a deliverer killed during the probe would
    /// leave the breaker half-open for ever.
    public var probeTimeout: Int64

    /// A policy; values below their minimum (threshold 1, durations 1 s, `maxCooldown` below
    /// `baseCooldown`) are raised to it.
    public init(
        failureThreshold: Int = 5, baseCooldown: Int64 = 300, maxCooldown: Int64 = 3_600, probeTimeout: Int64 = 60
    ) {
        self.failureThreshold = max(failureThreshold, 1)
        self.baseCooldown = max(baseCooldown, 1)
        self.maxCooldown = max(maxCooldown, self.baseCooldown)
        self.probeTimeout = max(probeTimeout, 1)
    }

    /// The cooldown after the breaker opened for the `reopens`-th consecutive time (0 = first
    /// open): `baseCooldown × 2^reopens`, at most `maxCooldown`.
    public func cooldown(reopens: Int) -> Int64 {
        var cooldown = baseCooldown
        for _ in 0..<max(reopens, 0) {
            guard cooldown < maxCooldown else { break }
            cooldown = cooldown > maxCooldown / 2 ? maxCooldown : cooldown * 2
        }
        return min(cooldown, maxCooldown)
    }
}
