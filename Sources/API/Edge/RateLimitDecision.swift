/// The outcome of one rate-limit check: whether the request passes and the numbers for the
/// `Retry-After` / `X-RateLimit-*` headers.
struct RateLimitDecision: Equatable, Sendable {
    /// Whether the request may proceed.
    var allowed: Bool
    /// The policy's maximum per window (`X-RateLimit-Limit`).
    var limit: Int
    /// Requests left in the current window, never negative (`X-RateLimit-Remaining`).
    var remaining: Int
    /// Time from the check until the current window ends.
    var resetAfter: Duration
    /// True when the check was skipped because rate limiting is disabled for this policy.
    var bypassed: Bool = false

    /// Whole seconds until the window ends, rounded up and at least 1 (`Retry-After`).
    ///
    /// Difference from the original: it sent `ceil(ms / 1000)`, which can be 0; a client told
    /// "retry after 0 s" retries at once into the same refusal.
    var retryAfterSeconds: Int {
        let parts = resetAfter.components
        let whole = Int(parts.seconds) + (parts.attoseconds > 0 ? 1 : 0)
        return max(1, whole)
    }

    /// The window end as unix seconds, rounded up (`X-RateLimit-Reset`), given the wall clock
    /// at the time of the check. The limiter itself runs on a monotonic clock, so the caller
    /// supplies the wall-clock reading.
    func resetUnixSeconds(unixNow: Double) -> Int {
        let parts = resetAfter.components
        let seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        return Int((unixNow + seconds).rounded(.up))
    }

    /// The decision returned for a policy that rate limiting is disabled for: allowed, nothing
    /// counted.
    static func bypass(_ policy: RateLimitPolicy) -> RateLimitDecision {
        RateLimitDecision(
            allowed: true, limit: policy.maximum, remaining: policy.maximum, resetAfter: policy.window,
            bypassed: true)
    }
}
