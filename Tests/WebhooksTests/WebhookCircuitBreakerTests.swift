import MCWebhooks
import Testing

@Suite struct WebhookCircuitBreakerTests {
    /// A breaker opened at `now` by `threshold` failures.
    func opened(at now: Int64 = 1_000, policy: WebhookCircuitBreakerPolicy = .init()) -> WebhookCircuitBreaker {
        var breaker = WebhookCircuitBreaker(policy: policy)
        for _ in 0..<policy.failureThreshold { breaker.recordFailure(now: now) }
        return breaker
    }

    @Test func startsClosedAndDelivers() {
        var breaker = WebhookCircuitBreaker()
        #expect(breaker.state == .closed)
        #expect(breaker.nextProbeAt == nil)
        #expect(breaker.admit(now: 0) == .deliver)
    }

    @Test func opensAtTheThresholdNotBefore() {
        var breaker = WebhookCircuitBreaker()
        for _ in 0..<4 { #expect(breaker.recordFailure(now: 1_000) == nil) }
        #expect(breaker.state == .closed)
        #expect(breaker.consecutiveFailures == 4)
        #expect(breaker.recordFailure(now: 1_000) == .opened)
        #expect(breaker.state == .open)
        #expect(breaker.consecutiveFailures == 5)
        #expect(breaker.nextProbeAt == 1_300)
    }

    @Test func successBeforeTheThresholdResetsTheCount() {
        var breaker = WebhookCircuitBreaker()
        for _ in 0..<4 { breaker.recordFailure(now: 0) }
        #expect(breaker.recordSuccess() == nil)
        #expect(breaker.consecutiveFailures == 0)
        for _ in 0..<4 { breaker.recordFailure(now: 0) }
        #expect(breaker.state == .closed)
    }

    @Test func configurableThreshold() {
        var breaker = WebhookCircuitBreaker(policy: .init(failureThreshold: 1))
        #expect(breaker.recordFailure(now: 0) == .opened)
        #expect(WebhookCircuitBreakerPolicy(failureThreshold: 0).failureThreshold == 1)
    }

    @Test func openRefusesUntilTheCooldownEnds() {
        var breaker = opened()
        #expect(breaker.admit(now: 1_000) == .refuse(retryAt: 1_300))
        #expect(breaker.admit(now: 1_299) == .refuse(retryAt: 1_300))
        #expect(breaker.state(at: 1_299) == .open)
        #expect(breaker.state(at: 1_300) == .halfOpen)
        #expect(breaker.state == .open)
    }

    @Test func exactlyOneProbeAfterTheCooldown() {
        var breaker = opened()
        #expect(breaker.admit(now: 1_300) == .probe)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.nextProbeAt == 1_360)
        // A second delivery while the probe is out is refused until the probe is presumed lost.
        #expect(breaker.admit(now: 1_300) == .refuse(retryAt: 1_360))
        #expect(breaker.admit(now: 1_359) == .refuse(retryAt: 1_360))
    }

    @Test func lostProbeAllowsAnotherAfterTheProbeTimeout() {
        var breaker = opened()
        #expect(breaker.admit(now: 1_300) == .probe)
        #expect(breaker.admit(now: 1_360) == .probe)
        #expect(breaker.phase == .halfOpen(probeStartedAt: 1_360))
    }

    @Test func probeSuccessCloses() {
        var breaker = opened()
        _ = breaker.admit(now: 1_300)
        #expect(breaker.recordSuccess() == .closed)
        #expect(breaker.state == .closed)
        #expect(breaker.consecutiveFailures == 0)
        #expect(breaker.consecutiveReopens == 0)
        #expect(breaker.admit(now: 1_301) == .deliver)
    }

    @Test func probeFailureReopensWithAGrowingCooldown() {
        var breaker = opened(at: 0)
        var now: Int64 = 300
        for expected: Int64 in [600, 1_200, 2_400, 3_600, 3_600] {
            #expect(breaker.admit(now: now) == .probe)
            #expect(breaker.recordFailure(now: now, probe: true) == .reopened)
            #expect(breaker.phase == .open(nextProbeAt: now + expected))
            now += expected
        }
        #expect(breaker.consecutiveReopens == 5)
        #expect(breaker.consecutiveFailures == 10)
        // Recovery resets the growth: the next opening waits the base cooldown again.
        _ = breaker.admit(now: now)
        breaker.recordSuccess()
        for _ in 0..<5 { breaker.recordFailure(now: now) }
        #expect(breaker.phase == .open(nextProbeAt: now + 300))
    }

    @Test func lateFailureOfANonProbeIsOnlyCounted() {
        var breaker = opened()
        #expect(breaker.recordFailure(now: 1_100) == nil)
        #expect(breaker.phase == .open(nextProbeAt: 1_300))
        _ = breaker.admit(now: 1_300)
        #expect(breaker.recordFailure(now: 1_301) == nil)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.consecutiveFailures == 7)
    }

    @Test func anySuccessClosesAnOpenBreaker() {
        var breaker = opened()
        #expect(breaker.recordSuccess() == .closed)
        #expect(breaker.state == .closed)
    }

    @Test func manualResetCloses() {
        var breaker = opened(at: 0)
        _ = breaker.admit(now: 300)
        breaker.recordFailure(now: 300, probe: true)
        #expect(breaker.reset() == .closed)
        #expect(breaker.phase == .closed)
        #expect(breaker.consecutiveFailures == 0)
        #expect(breaker.consecutiveReopens == 0)
        #expect(breaker.reset() == nil)
    }

    @Test func cooldownGrowthAndPolicyLimits() {
        let policy = WebhookCircuitBreakerPolicy()
        #expect((0...6).map { policy.cooldown(reopens: $0) } == [300, 600, 1_200, 2_400, 3_600, 3_600, 3_600])
        #expect(policy.cooldown(reopens: 10_000) == 3_600)
        let custom = WebhookCircuitBreakerPolicy(baseCooldown: 10, maxCooldown: 5)
        #expect(custom.maxCooldown == 10)
        #expect(custom.cooldown(reopens: 3) == 10)
    }

    @Test func restoresFromStorage() {
        var breaker = WebhookCircuitBreaker(
            policy: .init(), phase: .open(nextProbeAt: 500), consecutiveFailures: 7, consecutiveReopens: 2)
        #expect(breaker.admit(now: 499) == .refuse(retryAt: 500))
        #expect(breaker.admit(now: 500) == .probe)
        breaker.recordFailure(now: 500, probe: true)
        #expect(breaker.phase == .open(nextProbeAt: 500 + 2_400))
        let clamped = WebhookCircuitBreaker(
            policy: .init(), phase: .closed, consecutiveFailures: -3, consecutiveReopens: -1)
        #expect(clamped.consecutiveFailures == 0 && clamped.consecutiveReopens == 0)
    }

    @Test func stateNamesForTheAPI() {
        #expect(WebhookCircuitBreaker.State.allCases.map(\.rawValue) == ["closed", "open", "half_open"])
    }
}
