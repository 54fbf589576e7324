/// One named rate-limit budget: a fixed window, how many requests pass in it, and what a refused
/// client is told.
///
/// A policy is a value; the counters live in one `FixedWindowRateLimiter` per policy, shared by
/// every route that uses it (as in the original, all mutation routes share one 60/min budget per
/// client). The catalogue of the limiters the API uses is in `RateLimitPolicy+Catalogue.swift`.
struct RateLimitPolicy: Hashable, Sendable {
    /// The 429 body message of limiters that do not set their own.
    static let defaultMessage = "Too many requests. Please try again later."

    /// A stable name, unique among the policies of one `RateLimiter` (used as its lookup key).
    var name: String
    /// Length of a window; the first request from a key starts one.
    var window: Duration
    /// Requests that pass per window; request `maximum + 1` is the first refused.
    var maximum: Int
    /// A critical limiter stays on when rate limiting is disabled (`MC_DISABLE_RATE_LIMIT=1`).
    var critical: Bool
    /// The message for the `{"error": ...}` body of a 429.
    var message: String

    /// Creates a policy; `window` must be positive and `maximum` at least 1.
    init(
        name: String, window: Duration, maximum: Int, critical: Bool = false,
        message: String = RateLimitPolicy.defaultMessage
    ) {
        precondition(window > .zero, "RateLimitPolicy '\(name)': window must be positive")
        precondition(maximum >= 1, "RateLimitPolicy '\(name)': maximum must be at least 1")
        self.name = name
        self.window = window
        self.maximum = maximum
        self.critical = critical
        self.message = message
    }
}
