/// One webhook's circuit breaker as a pure value: events in (`admit`, `recordSuccess`,
/// `recordFailure`, `reset`), state out, the clock passed in as unix seconds (`now`).
///
/// ```
/// closed ──N consecutive failures──▶ open ──cooldown passed, admit()──▶ half-open (one probe)
///   ▲                                 ▲                                      │
///   └────────── success ──────────────┼──────────────────────────────────────┤
///                                     └── probe failed (cooldown × 2, ≤ max) ┘
/// ```
///
/// Unlike the original (reference mc-background §1.5), which disabled the webhook for good
/// after `MC_WEBHOOK_MAX_RETRIES` consecutive failures, an open breaker recovers by itself: after
/// the cooldown exactly one delivery goes through as a probe; its success closes the breaker,
/// its failure opens it again for twice as long (5 min, 10, 20, 40, then 1 h). `reset()` closes
/// it by hand. Any success closes it, since a receiver that answered 2xx is evidently up.
///
/// The owner (mc-api) stores `phase`, `consecutiveFailures` and `consecutiveReopens` with the
/// webhook and rebuilds the value with `init(policy:phase:consecutiveFailures:consecutiveReopens:)`.
public struct WebhookCircuitBreaker: Sendable, Hashable {
    /// Where the breaker is, with the time that matters in that phase.
    public enum Phase: Sendable, Hashable {
        /// Deliveries flow.
        case closed
        /// Deliveries are refused until `nextProbeAt`, when one probe is allowed.
        case open(nextProbeAt: Int64)
        /// One probe went out at `probeStartedAt`; others are refused until it reports (or until
        /// `probeTimeout` has passed, when it is presumed lost and another probe is allowed).
        case halfOpen(probeStartedAt: Int64)
    }

    /// The state names shown by the API (`circuit_state`).
    public enum State: String, Sendable, Hashable, CaseIterable {
        case closed
        case open
        case halfOpen = "half_open"
    }

    /// The answer to "may this delivery go out now?".
    public enum Admission: Sendable, Hashable {
        /// The breaker is closed: deliver.
        case deliver
        /// Deliver as the single half-open probe; report its result with `probe: true`.
        case probe
        /// Not now: try again at `retryAt` (unix seconds).
        case refuse(retryAt: Int64)
    }

    /// A change of state worth an event or a log line.
    public enum Transition: Sendable, Hashable {
        /// Closed → open after `consecutiveFailures` failures.
        case opened
        /// Half-open → open after a failed probe.
        case reopened
        /// Open or half-open → closed, by a success or `reset()`.
        case closed
    }

    /// The thresholds and cooldowns.
    public let policy: WebhookCircuitBreakerPolicy
    /// The current phase.
    public private(set) var phase: Phase
    /// Failed deliveries since the last success (the original's `consecutive_failures`).
    public private(set) var consecutiveFailures: Int
    /// Failed probes since the breaker last closed; sets the cooldown's growth.
    public private(set) var consecutiveReopens: Int

    /// A closed breaker.
    public init(policy: WebhookCircuitBreakerPolicy = .init()) {
        self.init(policy: policy, phase: .closed, consecutiveFailures: 0, consecutiveReopens: 0)
    }

    /// A breaker restored from storage; negative counts are read as 0.
    public init(policy: WebhookCircuitBreakerPolicy, phase: Phase, consecutiveFailures: Int, consecutiveReopens: Int) {
        self.policy = policy
        self.phase = phase
        self.consecutiveFailures = max(consecutiveFailures, 0)
        self.consecutiveReopens = max(consecutiveReopens, 0)
    }

    /// The stored state, regardless of the time.
    public var state: State {
        switch phase {
        case .closed: .closed
        case .open: .open
        case .halfOpen: .halfOpen
        }
    }

    /// The state as of `now`: an open breaker whose cooldown has passed is half-open (its next
    /// delivery is the probe).
    public func state(at now: Int64) -> State {
        if case .open(let nextProbeAt) = phase, now >= nextProbeAt { return .halfOpen }
        return state
    }

    /// When a delivery may next be admitted: the probe time while open, the time the running
    /// probe is presumed lost while half-open, nil while closed.
    public var nextProbeAt: Int64? {
        switch phase {
        case .closed: nil
        case .open(let nextProbeAt): nextProbeAt
        case .halfOpen(let started): started + policy.probeTimeout
        }
    }

    /// Decides whether a delivery may go out at `now`. Admitting a probe moves the breaker to
    /// half-open, so a second delivery asking before the probe reports is refused.
    public mutating func admit(now: Int64) -> Admission {
        switch phase {
        case .closed:
            return .deliver
        case .open(let nextProbeAt) where now < nextProbeAt:
            return .refuse(retryAt: nextProbeAt)
        case .halfOpen(let started) where now < started + policy.probeTimeout:
            return .refuse(retryAt: started + policy.probeTimeout)
        case .open, .halfOpen:
            // The cooldown has passed, or the last probe never reported: this one probes.
            phase = .halfOpen(probeStartedAt: now)
            return .probe
        }
    }

    /// Records a successful (2xx) delivery: the breaker closes and both counts return to 0.
    @discardableResult
    public mutating func recordSuccess() -> Transition? {
        let wasClosed = phase == .closed
        phase = .closed
        consecutiveFailures = 0
        consecutiveReopens = 0
        return wasClosed ? nil : .closed
    }

    /// Records a failed delivery at `now`. `probe` says whether it was the delivery admitted
    /// with `.probe`: only the probe's failure re-opens a half-open breaker; a late failure of a
    /// delivery that started before the breaker opened is only counted.
    @discardableResult
    public mutating func recordFailure(now: Int64, probe: Bool = false) -> Transition? {
        consecutiveFailures += 1
        switch phase {
        case .closed where consecutiveFailures >= policy.failureThreshold:
            consecutiveReopens = 0
            phase = .open(nextProbeAt: now + policy.cooldown(reopens: 0))
            return .opened
        case .halfOpen where probe:
            consecutiveReopens += 1
            phase = .open(nextProbeAt: now + policy.cooldown(reopens: consecutiveReopens))
            return .reopened
        case .closed, .open, .halfOpen:
            return nil
        }
    }

    /// Closes the breaker by hand (the API's breaker reset) and clears both counts.
    @discardableResult
    public mutating func reset() -> Transition? {
        recordSuccess()
    }
}
