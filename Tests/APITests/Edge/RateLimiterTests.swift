import Testing

@testable import MCAPI

/// The thread-safe wrapper: one limiter per policy, and the `MC_DISABLE_RATE_LIMIT` bypass.
@Suite struct RateLimiterTests {
    let start = ContinuousClock.now

    @Test func policiesHaveSeparateBudgets() {
        let limiter = RateLimiter()
        for _ in 0..<5 { _ = limiter.check(.login, key: "192.0.2.1", now: start) }
        #expect(!limiter.check(.login, key: "192.0.2.1", now: start).allowed)
        #expect(limiter.check(.selfRegister, key: "192.0.2.1", now: start).allowed)
    }

    @Test(arguments: RateLimitPolicy.all)
    func bypassSkipsNonCriticalPoliciesOnly(_ policy: RateLimitPolicy) {
        let limiter = RateLimiter(disabled: true)
        let decisions = (0...policy.maximum).map { _ in limiter.check(policy, key: "k", now: start) }
        if policy.critical {
            #expect(!decisions.last!.allowed)
            #expect(decisions.allSatisfy { !$0.bypassed })
        } else {
            #expect(decisions.allSatisfy { $0.allowed && $0.bypassed })
            #expect(decisions.last!.headers(unixNow: 0).isEmpty)
        }
    }

    @Test func notDisabledEnforcesNonCriticalPolicies() {
        let limiter = RateLimiter(disabled: false)
        let decisions = (0...RateLimitPolicy.heavy.maximum).map { _ in
            limiter.check(.heavy, key: "k", now: start)
        }
        #expect(!decisions.last!.allowed)
        #expect(!decisions.last!.bypassed)
    }

    @Test func concurrentChecksCountEveryRequestOnce() async {
        let limiter = RateLimiter()
        let now = start
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<500 {
                group.addTask { limiter.check(.mutation, key: "shared", now: now).allowed }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == RateLimitPolicy.mutation.maximum)
    }
}
