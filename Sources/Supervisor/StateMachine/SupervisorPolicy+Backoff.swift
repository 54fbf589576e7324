extension SupervisorPolicy {
    /// The delay before restarting a child after its `consecutiveFailures`-th failure in a row.
    ///
    /// The first failure restarts at once (a single crash should cost no downtime). From the
    /// second on the delay is `backoffBase × 2^(n-2)` capped at `backoffCap`, then scaled by
    /// `jitterFactor` (in `[1 - jitter, 1 + jitter]`) and capped again, so the cap is a hard
    /// bound that `mcsup status` can promise.
    func backoffDelay(consecutiveFailures: Int, jitterFactor: Double) -> Duration {
        guard consecutiveFailures >= 2 else { return .zero }
        let base = MonotonicInstant.nanoseconds(of: backoffBase)
        let cap = MonotonicInstant.nanoseconds(of: backoffCap)
        // Double step by step instead of computing 2^(n-2), which overflows for large n.
        var delay = max(base, 0)
        var doublings = consecutiveFailures - 2
        while doublings > 0 && delay < cap {
            delay = delay > cap / 2 ? cap : delay * 2
            doublings -= 1
        }
        delay = min(delay, cap)
        let jittered = (Double(delay) * jitterFactor).rounded()
        // Compare in Double but return `cap` itself: converting Double(Int64.max) back traps.
        guard jittered < Double(cap) else { return .nanoseconds(cap) }
        return .nanoseconds(Int64(max(jittered, 0)))
    }
}
