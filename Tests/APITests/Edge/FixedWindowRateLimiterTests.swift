import Testing

@testable import MCAPI

/// Fixed-window semantics with an injected monotonic time: no clock, no sleeping.
@Suite struct FixedWindowRateLimiterTests {
    let start = ContinuousClock.now

    func at(_ seconds: Double) -> ContinuousClock.Instant {
        start + .milliseconds(Int64(seconds * 1000))
    }

    @Test(arguments: RateLimitPolicy.all)
    func everyPolicyPassesItsMaximumAndRefusesOneMore(_ policy: RateLimitPolicy) {
        var limiter = FixedWindowRateLimiter(policy: policy)
        for index in 1...policy.maximum {
            let decision = limiter.check(key: "203.0.113.9", now: at(Double(index - 1) * 0.01))
            #expect(decision.allowed, "request \(index) of \(policy.maximum)")
            #expect(decision.remaining == policy.maximum - index)
            #expect(decision.limit == policy.maximum)
        }
        let refused = limiter.check(key: "203.0.113.9", now: at(1))
        #expect(!refused.allowed)
        #expect(refused.remaining == 0)
        #expect(refused.retryAfterSeconds == 59)
    }

    @Test func loginFifthPassesSixthIsRefusedWithItsMessage() {
        var limiter = FixedWindowRateLimiter(policy: .login)
        let decisions = (0..<6).map { limiter.check(key: "198.51.100.7", now: at(Double($0))) }
        #expect(decisions[4].allowed)
        #expect(decisions[4].remaining == 0)
        let sixth = decisions[5]
        #expect(!sixth.allowed)
        #expect(sixth.remaining == 0)
        #expect(sixth.retryAfterSeconds <= 60)
        #expect(sixth.retryAfterSeconds == 55)  // window opened at 0 s, refused at 5 s
        #expect(limiter.policy.message == "Too many login attempts. Try again in a minute.")
    }

    @Test func retryAfterRoundsUpAndIsAtLeastOneSecond() {
        var limiter = FixedWindowRateLimiter(policy: .login)
        for _ in 0..<5 { _ = limiter.check(key: "k", now: at(0)) }
        #expect(limiter.check(key: "k", now: at(0)).retryAfterSeconds == 60)
        #expect(limiter.check(key: "k", now: at(0.5)).retryAfterSeconds == 60)
        #expect(limiter.check(key: "k", now: at(58.2)).retryAfterSeconds == 2)
        #expect(limiter.check(key: "k", now: at(59.999)).retryAfterSeconds == 1)
    }

    @Test func windowResetsExactlyAtItsEnd() {
        var limiter = FixedWindowRateLimiter(policy: .login)
        for second in 0..<6 { _ = limiter.check(key: "k", now: at(Double(second))) }
        #expect(!limiter.check(key: "k", now: at(59.999)).allowed)
        let fresh = limiter.check(key: "k", now: at(60))
        #expect(fresh.allowed)
        #expect(fresh.remaining == 4)
        #expect(fresh.resetAfter == .seconds(60))
        #expect(limiter.resetAt(forKey: "k") == at(120))
    }

    @Test func refusedRequestsStillCount() {
        let policy = RateLimitPolicy(name: "t", window: .seconds(10), maximum: 2)
        var limiter = FixedWindowRateLimiter(policy: policy)
        #expect(limiter.check(key: "k", now: at(0)).allowed)
        #expect(limiter.check(key: "k", now: at(1)).allowed)
        for second in 2..<9 {
            #expect(!limiter.check(key: "k", now: at(Double(second))).allowed)
        }
        // The window is fixed: refusals neither extend it nor free capacity inside it.
        #expect(!limiter.check(key: "k", now: at(9.9)).allowed)
        #expect(limiter.check(key: "k", now: at(10)).allowed)
    }

    @Test func keysAreIndependent() {
        var limiter = FixedWindowRateLimiter(policy: .login)
        for _ in 0..<6 { _ = limiter.check(key: "a", now: at(0)) }
        #expect(!limiter.check(key: "a", now: at(1)).allowed)
        let other = limiter.check(key: "b", now: at(1))
        #expect(other.allowed)
        #expect(other.remaining == 4)
    }

    @Test func atCapacityTheEntryWithTheEarliestResetIsEvicted() {
        let policy = RateLimitPolicy(name: "t", window: .seconds(60), maximum: 1)
        var limiter = FixedWindowRateLimiter(policy: policy, capacity: 3)
        // Inserted out of time order, as concurrent callers can deliver them.
        _ = limiter.check(key: "second", now: at(2))
        _ = limiter.check(key: "first", now: at(1))
        _ = limiter.check(key: "third", now: at(3))
        #expect(!limiter.check(key: "first", now: at(4)).allowed)
        #expect(limiter.trackedKeyCount == 3)

        _ = limiter.check(key: "fourth", now: at(5))
        #expect(limiter.trackedKeyCount == 3)
        #expect(limiter.resetAt(forKey: "first") == nil)
        #expect(limiter.resetAt(forKey: "second") == at(62))
        #expect(limiter.resetAt(forKey: "third") == at(63))
        #expect(limiter.resetAt(forKey: "fourth") == at(65))
        // The evicted key starts over (the price of bounded memory, as in the original).
        #expect(limiter.check(key: "first", now: at(6)).allowed)
        #expect(limiter.resetAt(forKey: "second") == nil)
    }

    @Test func capacityHoldsUnderManyKeys() {
        let policy = RateLimitPolicy(name: "t", window: .seconds(60), maximum: 1)
        var limiter = FixedWindowRateLimiter(policy: policy, capacity: 100)
        for index in 0..<1_000 {
            _ = limiter.check(key: "k\(index)", now: at(Double(index) * 0.01))
        }
        #expect(limiter.trackedKeyCount == 100)
        #expect(limiter.resetAt(forKey: "k899") == nil)
        #expect(limiter.resetAt(forKey: "k900") != nil)
    }

    @Test func expiredEntriesAreSwept() {
        var limiter = FixedWindowRateLimiter(policy: .login)
        _ = limiter.check(key: "a", now: at(0))
        _ = limiter.check(key: "b", now: at(10))
        _ = limiter.check(key: "c", now: at(30))
        #expect(limiter.trackedKeyCount == 3)

        limiter.sweep(now: at(60))  // a's window [0, 60) has ended
        #expect(limiter.trackedKeyCount == 2)
        #expect(limiter.resetAt(forKey: "a") == nil)

        _ = limiter.check(key: "d", now: at(75))  // a check sweeps too: b ended at 70
        #expect(limiter.trackedKeyCount == 2)
        #expect(limiter.resetAt(forKey: "b") == nil)
        #expect(limiter.resetAt(forKey: "c") == at(90))
    }

    @Test func resetUnixSecondsRoundsUpTheWindowEnd() {
        var limiter = FixedWindowRateLimiter(policy: .agentHeartbeat)
        _ = limiter.check(key: "agent-7", now: at(0))
        let decision = limiter.check(key: "agent-7", now: at(12.5))
        #expect(decision.resetAfter == .milliseconds(47_500))
        #expect(decision.resetUnixSeconds(unixNow: 1_700_000_000.2) == 1_700_000_048)
        #expect(decision.resetUnixSeconds(unixNow: 1_700_000_000.5) == 1_700_000_048)
    }

    @Test func refusalHeadersCarryRetryAfterAndLimits() {
        let policy = RateLimitPolicy(name: "t", window: .seconds(60), maximum: 1)
        var limiter = FixedWindowRateLimiter(policy: policy)
        let allowed = limiter.check(key: "k", now: at(0))
        #expect(
            allowed.headers(unixNow: 1_000).map(\.name) == [
                "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
            ])
        let refused = limiter.check(key: "k", now: at(20))
        let headers = refused.headers(unixNow: 1_020)
        #expect(
            headers.map(\.name) == ["Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"])
        #expect(headers.map(\.value) == ["40", "1", "0", "1060"])
    }
}
