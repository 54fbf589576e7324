/// Restart intensity and backoff settings shared by all children (DESIGN §4).
struct SupervisorPolicy: Sendable, Equatable {
    /// At most this many restarts within `window`, across all children, before the supervisor
    /// gives up and exits non-zero so that systemd takes over.
    var maxRestarts: Int
    /// The sliding window for `maxRestarts`.
    var window: Duration
    /// Delay before the second consecutive restart of a child; it doubles after that.
    var backoffBase: Duration
    /// Upper bound of any backoff delay, jitter included.
    var backoffCap: Duration
    /// A child that has been running (ready) this long has its consecutive failures forgiven.
    var stableAfter: Duration
    /// Fraction of random spread applied to each backoff delay (0.2 means ±20 %), so children
    /// that crashed together do not restart in lock-step.
    var jitter: Double

    init(
        maxRestarts: Int = 5,
        window: Duration = .seconds(30),
        backoffBase: Duration = .milliseconds(100),
        backoffCap: Duration = .seconds(30),
        stableAfter: Duration = .seconds(60),
        jitter: Double = 0.2
    ) {
        self.maxRestarts = maxRestarts
        self.window = window
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.stableAfter = stableAfter
        self.jitter = jitter
    }
}
