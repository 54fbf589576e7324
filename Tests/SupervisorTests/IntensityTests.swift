import Testing

@testable import MCSupervisor

@Suite("Restart intensity")
struct IntensityTests {
    /// Crashes `id` after it has been ready for 100 ms and, unless that escalated, brings it
    /// back (through its backoff) to running. Returns the crash's actions.
    @discardableResult
    static func crashAndRecover(_ harness: inout SupervisorHarness, _ id: String) -> [SupervisorAction] {
        harness.advance(milliseconds: 100)
        let crash = harness.exit(id, .exited(code: 1))
        if crash.escalated { return crash }
        if crash.spawnedIDs.isEmpty {
            #expect(harness.phase(id) == .backoff)
            #expect(harness.advanceToDeadlineAndTick().spawnedIDs == [id])
        }
        harness.spawned(id)
        harness.ready(id)
        return crash
    }

    @Test("the 6th restart within 30 s escalates: reverse-order stop, then exit 1")
    func escalation() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway"), spec("webhooks")])
        harness.boot()
        for _ in 1...5 {
            #expect(!Self.crashAndRecover(&harness, "gateway").escalated)
        }
        #expect(harness.now < MonotonicInstant.zero + .seconds(30))
        #expect(harness.status("gateway")?.restartsInWindow == 5)

        let sixth = Self.crashAndRecover(&harness, "gateway")
        #expect(sixth.escalated)
        #expect(sixth.reports.contains(.escalation(id: "gateway", restarts: 5, window: .seconds(30))))
        #expect(sixth.contains(.notifyStopping))
        #expect(sixth.spawnedIDs.isEmpty)
        #expect(harness.phase("gateway") == .stopped)
        // One child at a time, in reverse order; gateway has no process left to stop.
        #expect(sixth.shutdownIDs == ["webhooks"])
        #expect(sixth.exitCodes.isEmpty)

        let afterWebhooks = harness.exit("webhooks", .exited(code: 0))
        #expect(afterWebhooks.exitReasons == [.shutdown])
        #expect(afterWebhooks.shutdownIDs == ["mc-api"])
        #expect(afterWebhooks.spawnedIDs.isEmpty)
        let afterAPI = harness.exit("mc-api", .exited(code: 0))
        #expect(afterAPI.exitCodes == [1])
        #expect(afterAPI.last == .exit(code: 1))
        #expect(harness.machine.snapshot(now: harness.now).allSatisfy { $0.phase == .stopped })
    }

    @Test("restarts spread over several children share one intensity budget")
    func intensityIsGlobal() {
        var harness = SupervisorHarness(children: 3)
        harness.boot()
        for id in ["c0", "c1", "c2", "c0", "c1"] {
            #expect(!Self.crashAndRecover(&harness, id).escalated)
        }
        #expect(Self.crashAndRecover(&harness, "c2").escalated)
    }

    /// The first restart happens at 100 ms; the 6th crash comes `offset` after it.
    @Test(
        "a crash just outside the window survives; at its edge it escalates",
        arguments: [(30_001, false), (30_000, true), (29_000, true)])
    func window(offsetMilliseconds: Int, escalates: Bool) {
        var harness = SupervisorHarness([spec("c0", hangTimeout: .seconds(3600))])
        harness.boot()
        Self.crashAndRecover(&harness, "c0")
        let firstRestart = harness.status("c0")?.lastExit?.at
        #expect(firstRestart == MonotonicInstant.zero + .milliseconds(100))
        for _ in 2...5 {
            Self.crashAndRecover(&harness, "c0")
        }
        let target = MonotonicInstant.zero + .milliseconds(100 + offsetMilliseconds)
        // The sixth crash happens at `target` (crashAndRecover adds its 100 ms).
        harness.clock.advance(to: target + .milliseconds(-100))
        let sixth = Self.crashAndRecover(&harness, "c0")
        #expect(harness.status("c0")?.lastExit?.at == target)
        #expect(sixth.escalated == escalates)
        #expect(harness.phase("c0") == (escalates ? .stopped : .running))
    }

    @Test("manual restarts do not count toward the intensity and reset the backoff")
    func manualRestartIsFree() throws {
        var harness = SupervisorHarness(children: 2)
        harness.boot()
        // Two crashes: the child is now backing off after each failure.
        Self.crashAndRecover(&harness, "c1")
        Self.crashAndRecover(&harness, "c1")
        #expect(harness.status("c1")?.consecutiveFailures == 2)

        for _ in 1...10 {
            let request = try harness.restart("c1")
            #expect(request.shutdownIDs == ["c1"])
            #expect(request.signals == [SignalSent(id: "c1", signal: .terminate)])
            let exit = harness.exit("c1", .exited(code: 0))
            #expect(exit.exitReasons == [.restart])
            #expect(exit.spawnedIDs == ["c1"])
            harness.spawned("c1")
            harness.ready("c1")
        }
        #expect(!harness.log.escalated)
        #expect(harness.status("c1")?.restartsTotal == 2)
        #expect(harness.status("c1")?.consecutiveFailures == 0)

        // Backoff was reset: the next crash restarts at once; 3 more fit in the budget of 5.
        harness.advance(milliseconds: 100)
        #expect(harness.exit("c1", .exited(code: 1)).spawnedIDs == ["c1"])
        harness.spawned("c1")
        harness.ready("c1")
        Self.crashAndRecover(&harness, "c1")
        Self.crashAndRecover(&harness, "c1")
        #expect(!harness.log.escalated)
        #expect(Self.crashAndRecover(&harness, "c1").escalated)
    }

    @Test("RestartIntensity prunes timestamps older than the window")
    func intensityUnit() {
        var intensity = RestartIntensity(maxRestarts: 2, window: .seconds(10))
        var accepted: [Bool] = []
        for milliseconds in [0, 5_000, 10_000] {
            accepted.append(intensity.recordRestart(now: .zero + .milliseconds(milliseconds)))
        }
        #expect(accepted == [true, true, false])
        #expect(intensity.count(now: .zero + .seconds(10)) == 2)
        // The restart at 0 is now older than the window.
        let afterWindow = intensity.recordRestart(now: .zero + .milliseconds(10_001))
        #expect(afterWindow)
        #expect(intensity.timestamps == [.zero + .seconds(5), .zero + .milliseconds(10_001)])
    }
}
