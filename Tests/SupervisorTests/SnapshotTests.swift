import Testing

@testable import MCSupervisor

@Suite("Snapshot, stale events and deadlines")
struct SnapshotTests {
    @Test("snapshot reports pid, uptime, restarts, last exit and heartbeat age")
    func snapshotFields() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway")])
        harness.boot()
        harness.advance(milliseconds: 1_000)
        let crashAt = harness.now
        harness.exit("gateway", .exited(code: 3))
        harness.advance(milliseconds: 50)
        harness.spawned("gateway")
        harness.advance(milliseconds: 50)
        harness.ready("gateway")
        harness.advance(milliseconds: 400)

        let statuses = harness.machine.snapshot(now: harness.now)
        #expect(statuses.map(\.id) == ["mc-api", "gateway"])
        let gateway = statuses[1]
        #expect(gateway.phase == .running)
        #expect(gateway.pid == harness.pid("gateway"))
        #expect(gateway.uptime == .milliseconds(450))
        #expect(gateway.readyAt == crashAt + .milliseconds(100))
        #expect(gateway.heartbeatAge == .milliseconds(400))
        #expect(gateway.restartsTotal == 1)
        #expect(gateway.restartsInWindow == 1)
        #expect(gateway.lastExit == ExitRecord(exit: .exited(code: 3), reason: .crashed, at: crashAt))
        #expect(statuses[0].restartsTotal == 0)
        #expect(statuses[0].lastExit == nil)

        // The window slides: 30 s after the restart it no longer counts, the total stays.
        let later = harness.machine.snapshot(now: crashAt + .milliseconds(30_001))[1]
        #expect(later.restartsInWindow == 0)
        #expect(later.restartsTotal == 1)
    }

    @Test("snapshot of a child in backoff shows the time to its next spawn")
    func backoffSnapshot() {
        var policy = SupervisorPolicy()
        policy.jitter = 0
        var harness = SupervisorHarness(children: 1, policy: policy)
        harness.boot()
        harness.exit("c0", .exited(code: 1))
        harness.spawned("c0")
        harness.exit("c0", .exited(code: 1))
        harness.advance(milliseconds: 30)
        let status = harness.status("c0")
        #expect(status?.phase == .backoff)
        #expect(status?.pid == nil)
        #expect(status?.nextRestartIn == .milliseconds(70))
        #expect(status?.consecutiveFailures == 2)
    }

    @Test("events from a pid that is no longer current are ignored")
    func stalePIDs() {
        var harness = SupervisorHarness([spec("c0", hangTimeout: .seconds(2))])
        harness.boot()
        let oldPID = harness.pid("c0")
        harness.exit("c0", .exited(code: 1))
        harness.spawned("c0")
        let newPID = harness.pid("c0")
        #expect(oldPID != newPID)

        #expect(harness.machine.ready(id: "c0", pid: oldPID, now: harness.now).isEmpty)
        #expect(harness.phase("c0") == .starting)
        #expect(harness.machine.exited(pid: oldPID, exit: .exited(code: 1), now: harness.now).isEmpty)
        #expect(harness.machine.exited(pid: 4_242, exit: .signaled(signal: 9), now: harness.now).isEmpty)
        #expect(harness.machine.spawned(id: "c0", pid: 777, now: harness.now).isEmpty)
        #expect(harness.machine.spawned(id: "nope", pid: 778, now: harness.now).isEmpty)
        #expect(harness.status("c0")?.pid == newPID)

        harness.ready("c0")
        // A heartbeat from the old pid does not keep the new process alive.
        harness.advance(milliseconds: 1_500)
        #expect(harness.machine.heartbeat(id: "c0", pid: oldPID, now: harness.now).isEmpty)
        harness.advance(milliseconds: 500)
        #expect(harness.tick().signals == [SignalSent(id: "c0", signal: .kill)])
        #expect(harness.machine.childID(pid: newPID) == "c0")
        #expect(harness.machine.childID(pid: oldPID) == nil)
    }

    @Test("nextDeadline follows start timeout, hang, backoff and stop timers")
    func nextDeadline() {
        var policy = SupervisorPolicy()
        policy.jitter = 0
        var harness = SupervisorHarness(
            [spec("c0", shutdownTimeout: .seconds(3), startTimeout: .seconds(4), hangTimeout: .seconds(5))],
            policy: policy)
        #expect(harness.machine.nextDeadline() == nil)
        harness.start()
        #expect(harness.machine.nextDeadline() == nil)  // spawn in flight: no pid to time out yet
        harness.advance(milliseconds: 10)
        harness.spawned("c0")
        #expect(harness.machine.nextDeadline() == MonotonicInstant.zero + .milliseconds(4_010))
        harness.advance(milliseconds: 90)
        harness.ready("c0")
        #expect(harness.machine.nextDeadline() == MonotonicInstant.zero + .milliseconds(5_100))
        harness.advance(milliseconds: 1_000)
        harness.heartbeat("c0")
        #expect(harness.machine.nextDeadline() == MonotonicInstant.zero + .milliseconds(6_100))

        harness.exit("c0", .exited(code: 1))
        harness.spawned("c0")
        let restartedAt = harness.now
        harness.exit("c0", .exited(code: 1))
        #expect(harness.machine.nextDeadline() == restartedAt + .milliseconds(100))
        harness.advanceToDeadlineAndTick()
        harness.spawned("c0")
        harness.ready("c0")
        // Running with failures to forgive: hang (5 s) comes before stability (60 s).
        #expect(harness.machine.nextDeadline() == harness.now + .seconds(5))

        harness.stop()
        #expect(harness.machine.nextDeadline() == harness.now + .seconds(3))
        harness.exit("c0", .exited(code: 0))
        #expect(harness.machine.nextDeadline() == nil)
    }

    @Test("an empty supervisor is ready at once")
    func empty() {
        var machine = SupervisorStateMachine(specs: [], seed: 1)
        #expect(machine.start(now: .zero) == [.notifyReady, .notifyStatus("0/0 running")])
        #expect(machine.stopRequested(now: .zero).last == .exit(code: 0))
    }

    @Test("MonotonicInstant arithmetic saturates instead of trapping")
    func instantArithmetic() {
        let instant = MonotonicInstant(nanoseconds: 1_000)
        #expect(instant + .nanoseconds(500) == MonotonicInstant(nanoseconds: 1_500))
        #expect(instant + .nanoseconds(-400) == MonotonicInstant(nanoseconds: 600))
        #expect(instant + .seconds(-5) == .zero)
        // Durations saturate at Int64.max nanoseconds, instants at UInt64.max.
        #expect(instant + .seconds(Int64.max) == MonotonicInstant(nanoseconds: 1_000 + UInt64(Int64.max)))
        #expect(MonotonicInstant(nanoseconds: .max - 10) + .seconds(1) == MonotonicInstant(nanoseconds: .max))
        #expect(MonotonicInstant(nanoseconds: 3_000) - instant == .nanoseconds(2_000))
        #expect(instant - MonotonicInstant(nanoseconds: 3_000) == .nanoseconds(-2_000))
        #expect(MonotonicInstant.zero < instant)
    }
}
