extension RateLimitDecision {
    /// The rate-limit response headers of the original's per-agent limiters: `Retry-After` (only
    /// on a refusal), `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
    /// (unix seconds). `unixNow` is the wall clock at the time of the check.
    ///
    /// The original sent these only on a 429 from the agent limiters; which responses carry them
    /// is the caller's choice. Nothing is sent for a bypassed check.
    func headers(unixNow: Double) -> [(name: String, value: String)] {
        guard !bypassed else { return [] }
        var headers: [(name: String, value: String)] = []
        if !allowed {
            headers.append((name: "Retry-After", value: String(retryAfterSeconds)))
        }
        headers.append((name: "X-RateLimit-Limit", value: String(limit)))
        headers.append((name: "X-RateLimit-Remaining", value: String(remaining)))
        headers.append((name: "X-RateLimit-Reset", value: String(resetUnixSeconds(unixNow: unixNow))))
        return headers
    }
}
