/// The counters of one rate-limit policy: a pure fixed-window state machine keyed by client,
/// driven by the caller's monotonic `now` so tests need no clock and no sleeping.
///
/// Semantics follow the original (mc-api.md §4): the first request from a key opens a window
/// `[now, now + window)` with count 1; each later request in the window adds 1, refused ones
/// included; a request passes while the count is at most `maximum`.
///
/// Differences from the original, deliberately:
/// - A window is half-open: a request at exactly `resetAt` opens a new window. The original used
///   `now > resetAt`, so a request in the very millisecond of the end still counted against the
///   old window.
/// - Time is monotonic (`ContinuousClock`), so a wall-clock step neither frees nor extends a
///   window (the original used `Date.now()`).
/// - Expired windows are swept on every check (amortised O(log n), via `RateLimitExpiryHeap`)
///   instead of by a 60-second timer; the original's eviction, when `capacity` keys are
///   tracked and a new one arrives, also picks the window that ends first, but in O(log n)
///   rather than an O(n) scan. Among windows ending at the same instant the victim is arbitrary.
struct FixedWindowRateLimiter: Sendable {
    /// One key's current window.
    private struct Window: Sendable {
        var count: Int
        var resetAt: ContinuousClock.Instant
    }

    /// The default number of keys tracked at once, as in the original.
    static let defaultCapacity = 10_000

    /// The budget this limiter enforces.
    let policy: RateLimitPolicy
    /// The most keys tracked at once; memory stays bounded whatever clients send.
    let capacity: Int

    private var windows: [String: Window] = [:]
    /// Exactly one entry per tracked key (its window's end): a key leaves `windows` only when its
    /// entry is popped, and enters only when it is absent.
    private var expiries = RateLimitExpiryHeap()

    /// Creates an empty limiter; `capacity` must be at least 1.
    init(policy: RateLimitPolicy, capacity: Int = FixedWindowRateLimiter.defaultCapacity) {
        precondition(capacity >= 1, "FixedWindowRateLimiter: capacity must be at least 1")
        self.policy = policy
        self.capacity = capacity
    }

    /// The number of keys with a window that has not been swept yet.
    var trackedKeyCount: Int { windows.count }

    /// Counts one request from `key` at `now` and says whether it may proceed.
    mutating func check(key: String, now: ContinuousClock.Instant) -> RateLimitDecision {
        sweep(now: now)
        if var window = windows[key] {
            window.count += 1
            windows[key] = window
            return decision(for: window, now: now)
        }
        if windows.count >= capacity {
            evictEarliest()
        }
        let window = Window(count: 1, resetAt: now + policy.window)
        windows[key] = window
        expiries.push(.init(resetAt: window.resetAt, key: key))
        return decision(for: window, now: now)
    }

    /// Forgets every window that has ended by `now` (`resetAt <= now`). `check` calls this
    /// itself; call it directly only to release memory while no requests arrive.
    mutating func sweep(now: ContinuousClock.Instant) {
        while let earliest = expiries.min, earliest.resetAt <= now {
            expiries.popMin()
            forget(earliest)
        }
    }

    /// The current window end of `key`, if it is tracked (for tests and diagnostics).
    func resetAt(forKey key: String) -> ContinuousClock.Instant? {
        windows[key]?.resetAt
    }

    private mutating func evictEarliest() {
        while let earliest = expiries.popMin() {
            if forget(earliest) { return }
        }
    }

    /// Removes the window `entry` describes if it is still the key's current one.
    @discardableResult
    private mutating func forget(_ entry: RateLimitExpiryHeap.Entry) -> Bool {
        guard windows[entry.key]?.resetAt == entry.resetAt else { return false }
        windows[entry.key] = nil
        return true
    }

    private func decision(for window: Window, now: ContinuousClock.Instant) -> RateLimitDecision {
        RateLimitDecision(
            allowed: window.count <= policy.maximum,
            limit: policy.maximum,
            remaining: max(0, policy.maximum - window.count),
            resetAfter: now.duration(to: window.resetAt))
    }
}
