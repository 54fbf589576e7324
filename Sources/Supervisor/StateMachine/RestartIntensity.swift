/// The OTP restart-intensity counter: timestamps of recent restarts across all children.
///
/// A restart is allowed while fewer than `maxRestarts` restarts happened within the last
/// `window`. Timestamps older than the window are dropped, so a crash loop that slows down
/// below the limit never escalates, while a tight one does.
struct RestartIntensity: Sendable, Equatable {
    let maxRestarts: Int
    let window: Duration
    private(set) var timestamps: [MonotonicInstant] = []

    init(maxRestarts: Int, window: Duration) {
        self.maxRestarts = maxRestarts
        self.window = window
    }

    /// Records a restart at `now` and returns `true`, or returns `false` (recording nothing)
    /// when it would exceed the limit.
    mutating func recordRestart(now: MonotonicInstant) -> Bool {
        prune(now: now)
        guard timestamps.count < maxRestarts else { return false }
        timestamps.append(now)
        return true
    }

    /// Restarts counted within the window as of `now`.
    func count(now: MonotonicInstant) -> Int {
        timestamps.filter { Self.isInWindow($0, now: now, window: window) }.count
    }

    /// Like OTP, a restart exactly `window` ago still counts; one a nanosecond older does not.
    static func isInWindow(_ instant: MonotonicInstant, now: MonotonicInstant, window: Duration) -> Bool {
        now - instant <= window
    }

    private mutating func prune(now: MonotonicInstant) {
        timestamps.removeAll { !Self.isInWindow($0, now: now, window: window) }
    }
}
