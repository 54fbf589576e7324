import Synchronization

/// The process-wide rate limiter: one `FixedWindowRateLimiter` per policy, each behind its own
/// lock, safe to call from any request handler.
///
/// A lock rather than an actor: a check is a dictionary update and a heap push, far shorter than
/// an actor hop, and it runs on every rate-limited request. Separate locks per policy keep the
/// login limiter from queueing behind the read limiter.
///
/// Bypass: with `disabled` (from `MC_DISABLE_RATE_LIMIT=1`) non-critical policies are not
/// checked; critical ones (login, password change, identity changes) always are. Difference from
/// the original: there the switch also needed `NODE_ENV != production` or
/// `MISSION_CONTROL_TEST_MODE=1`; this server has no NODE_ENV, so the switch alone decides.
final class RateLimiter: Sendable {
    /// One policy's limiter and its lock.
    private final class Slot: Sendable {
        let policy: RateLimitPolicy
        let limiter: Mutex<FixedWindowRateLimiter>

        init(policy: RateLimitPolicy, capacity: Int) {
            self.policy = policy
            self.limiter = Mutex(FixedWindowRateLimiter(policy: policy, capacity: capacity))
        }
    }

    /// Whether non-critical policies are skipped.
    let disabled: Bool
    private let slots: [String: Slot]

    /// Creates a limiter for `policies` (names must be unique), each tracking at most `capacity`
    /// keys.
    init(
        policies: [RateLimitPolicy] = RateLimitPolicy.all, disabled: Bool = false,
        capacity: Int = FixedWindowRateLimiter.defaultCapacity
    ) {
        var slots: [String: Slot] = [:]
        for policy in policies {
            precondition(slots[policy.name] == nil, "RateLimiter: duplicate policy name '\(policy.name)'")
            slots[policy.name] = Slot(policy: policy, capacity: capacity)
        }
        self.disabled = disabled
        self.slots = slots
    }

    /// Counts one request from `key` against `policy` and says whether it may proceed.
    ///
    /// `policy` must be one this limiter was created with: an unknown policy is a programming
    /// error (the policies are static constants), not something a request can cause.
    func check(
        _ policy: RateLimitPolicy, key: String, now: ContinuousClock.Instant = .now
    ) -> RateLimitDecision {
        guard let slot = slots[policy.name], slot.policy == policy else {
            preconditionFailure("RateLimiter: policy '\(policy.name)' is not registered")
        }
        if disabled && !policy.critical {
            return .bypass(policy)
        }
        return slot.limiter.withLock { $0.check(key: key, now: now) }
    }

    /// Drops expired windows in every policy; for a periodic housekeeping task, optional since
    /// every check sweeps its own policy.
    func sweep(now: ContinuousClock.Instant = .now) {
        for slot in slots.values {
            slot.limiter.withLock { $0.sweep(now: now) }
        }
    }
}
