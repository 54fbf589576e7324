import Testing

@testable import MCSupervisor

@Suite("Backoff and stability")
struct BackoffTests {
    /// Generous intensity so a long crash loop is never escalated.
    static let loosePolicy = SupervisorPolicy(maxRestarts: 1_000, window: .seconds(30))

    /// Crashes the running child `count` times, waiting out each backoff, and returns the
    /// delay of every restart.
    static func crashLoop(_ harness: inout SupervisorHarness, count: Int) -> [Duration] {
        var delays: [Duration] = []
        for _ in 0..<count {
            harness.advance(milliseconds: 10)
            let crash = harness.exit("c0", .exited(code: 1))
            delays += crash.restartDelays
            if crash.spawnedIDs.isEmpty {
                let deadline = harness.machine.nextDeadline()
                #expect(deadline == harness.now + (crash.restartDelays.last ?? .zero))
                // Nothing happens a millisecond early.
                harness.clock.advance(to: deadline.map { $0 + .milliseconds(-1) } ?? harness.now)
                #expect(harness.tick().spawnedIDs.isEmpty)
                #expect(harness.advanceToDeadlineAndTick().spawnedIDs == ["c0"])
            }
            harness.spawned("c0")
            harness.ready("c0")
        }
        return delays
    }

    static let nominal: [Duration] =
        [.zero] + [100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600].map { .milliseconds($0) }
        + [.seconds(30), .seconds(30)]

    @Test("without jitter: 0, 100, 200, 400 ms ... capped at 30 s")
    func exactSequence() {
        var policy = Self.loosePolicy
        policy.jitter = 0
        var harness = SupervisorHarness(children: 1, policy: policy)
        harness.boot()
        #expect(Self.crashLoop(&harness, count: Self.nominal.count) == Self.nominal)
    }

    @Test(
        "with jitter: each delay within ±20 % of nominal and never above the cap",
        arguments: [UInt64(1), 7, 42, 1_000_003])
    func jitteredSequence(seed: UInt64) {
        var harness = SupervisorHarness([spec("c0")], policy: Self.loosePolicy, seed: seed)
        harness.boot()
        let delays = Self.crashLoop(&harness, count: Self.nominal.count)
        #expect(delays.count == Self.nominal.count)
        #expect(delays.first == .zero)
        for (delay, nominal) in zip(delays, Self.nominal) {
            #expect(delay >= nominal * 0.8)
            #expect(delay <= min(nominal * 1.2, .seconds(30)))
        }
        // Jitter really spreads: not every delay is the nominal one.
        #expect(delays != Self.nominal)
    }

    @Test("the same seed gives the same delays")
    func deterministic() {
        var first = SupervisorHarness([spec("c0")], policy: Self.loosePolicy, seed: 9)
        var second = SupervisorHarness([spec("c0")], policy: Self.loosePolicy, seed: 9)
        var other = SupervisorHarness([spec("c0")], policy: Self.loosePolicy, seed: 10)
        first.boot()
        second.boot()
        other.boot()
        let delays = Self.crashLoop(&first, count: 6)
        #expect(Self.crashLoop(&second, count: 6) == delays)
        #expect(Self.crashLoop(&other, count: 6) != delays)
    }

    @Test(
        "backoffDelay: doubling from the base, capped, jitter applied then capped again",
        arguments: [
            (1, 1.0, 0), (2, 1.0, 100), (3, 1.0, 200), (4, 1.2, 480), (5, 0.8, 640),
            (11, 1.0, 30_000), (11, 1.2, 30_000), (12, 0.8, 24_000), (500, 1.0, 30_000),
        ])
    func backoffDelay(failures: Int, factor: Double, expectedMilliseconds: Int) {
        let policy = SupervisorPolicy()
        let delay = policy.backoffDelay(consecutiveFailures: failures, jitterFactor: factor)
        #expect(delay == .milliseconds(expectedMilliseconds))
    }

    @Test("jitter factors stay within [1 - spread, 1 + spread]")
    func jitterBounds() {
        var jitter = BackoffJitter(seed: 3)
        let factors = (0..<10_000).map { _ in jitter.factor(spread: 0.2) }
        #expect(factors.allSatisfy { $0 >= 0.8 && $0 <= 1.2 })
        #expect(factors.min()! < 0.81)
        #expect(factors.max()! > 1.19)
    }

    @Test(
        "a child running for stableAfter is forgiven its failures", arguments: [(60_000, true), (59_999, false)])
    func stableReset(runMilliseconds: Int, forgiven: Bool) {
        var harness = SupervisorHarness([spec("c0", hangTimeout: .seconds(3600))])
        harness.boot()
        _ = Self.crashLoop(&harness, count: 3)
        #expect(harness.status("c0")?.consecutiveFailures == 3)
        let readyAt = harness.now
        #expect(harness.machine.nextDeadline() == readyAt + .seconds(60))

        harness.advance(milliseconds: runMilliseconds)
        let tick = harness.tick()
        #expect(tick.reports.contains(.stable(id: "c0")) == forgiven)
        #expect(harness.status("c0")?.consecutiveFailures == (forgiven ? 0 : 3))

        let crash = harness.exit("c0", .exited(code: 1))
        #expect(crash.spawnedIDs == (forgiven ? ["c0"] : []))
        #expect(harness.phase("c0") == (forgiven ? .starting : .backoff))
    }
}
