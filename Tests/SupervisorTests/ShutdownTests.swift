import Testing

@testable import MCSupervisor

@Suite("Stopping the tree")
struct ShutdownTests {
    @Test("children stop one at a time in reverse order, then exit 0")
    func reverseOrder() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway"), spec("webhooks")])
        harness.boot()
        let stop = harness.stop()
        #expect(stop.first == .notifyStopping)
        #expect(stop.shutdownIDs == ["webhooks"])
        #expect(stop.signals == [SignalSent(id: "webhooks", signal: .terminate)])
        #expect(stop.statusLines == ["stopping: 2/3 running"])

        let gateway = harness.exit("webhooks", .exited(code: 0))
        #expect(gateway.shutdownIDs == ["gateway"])
        let api = harness.exit("gateway", .signaled(signal: 15))
        #expect(api.exitReasons == [.shutdown])
        #expect(api.shutdownIDs == ["mc-api"])
        let done = harness.exit("mc-api", .exited(code: 0))
        #expect(done.exitCodes == [0])
        #expect(done.last == .exit(code: 0))
        #expect(harness.log.spawnedIDs == ["mc-api", "gateway", "webhooks"])
        #expect(harness.log.contains(.notifyStopping))
    }

    @Test("a child that ignores SIGTERM is killed after its shutdown timeout, then the next one stops")
    func stopTimeout() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway", shutdownTimeout: .seconds(2))])
        harness.boot()
        harness.stop()
        #expect(harness.machine.nextDeadline() == harness.now + .seconds(2))
        harness.advance(milliseconds: 1_999)
        #expect(harness.tick().signals.isEmpty)
        harness.advance(milliseconds: 1)
        let pid = harness.pid("gateway")
        let kill = harness.tick()
        #expect(kill.signals == [SignalSent(id: "gateway", signal: .kill)])
        #expect(kill.reports.contains(.stopTimeout(id: "gateway", pid: pid)))
        #expect(kill.shutdownIDs.isEmpty)

        let next = harness.exit("gateway", .signaled(signal: 9))
        #expect(next.exitReasons == [.killed])
        #expect(next.shutdownIDs == ["mc-api"])
        #expect(harness.status("gateway")?.lastExit?.reason == .killed)
        #expect(harness.exit("mc-api", .exited(code: 0)).exitCodes == [0])
    }

    @Test("children in backoff or fatal are just marked stopped; nothing restarts while stopping")
    func noRestartsWhileStopping() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway"), spec("sessions"), spec("scheduler")])
        harness.boot()
        harness.exit("gateway", .exited(code: 78))
        harness.exit("sessions", .exited(code: 1))
        harness.spawned("sessions")
        harness.exit("sessions", .exited(code: 1))
        #expect(harness.phase("sessions") == .backoff)

        let stop = harness.stop()
        #expect(stop.shutdownIDs == ["scheduler"])
        #expect(harness.phase("sessions") == .stopped)
        #expect(harness.phase("gateway") == .stopped)
        harness.advance(milliseconds: 60_000)
        #expect(harness.tick().spawnedIDs.isEmpty)

        // mc-api crashes while scheduler is stopping: not restarted.
        let crash = harness.exit("mc-api", .exited(code: 1))
        #expect(crash.spawnedIDs.isEmpty)
        #expect(crash.exitReasons == [.crashed])
        let done = harness.exit("scheduler", .exited(code: 0))
        #expect(done.exitCodes == [0])
        #expect(done.shutdownIDs.isEmpty)
    }

    @Test("a second stop request is harmless")
    func secondStop() {
        var harness = SupervisorHarness(children: 2)
        harness.boot()
        harness.stop()
        #expect(harness.stop().isEmpty)
        harness.exit("c1", .exited(code: 0))
        #expect(harness.stop().isEmpty)
        #expect(harness.exit("c0", .exited(code: 0)).exitCodes == [0])
        #expect(harness.stop().isEmpty)
        #expect(harness.log.exitCodes == [0])
        #expect(harness.log.filter { $0 == .notifyStopping }.count == 1)
    }

    @Test("stop during the initial start waits for the in-flight spawn, and never sends READY")
    func stopDuringStart() {
        var harness = SupervisorHarness(children: 3)
        harness.start()
        let stop = harness.stop()
        #expect(stop.shutdownIDs.isEmpty)
        #expect(stop.exitCodes.isEmpty)
        let spawned = harness.spawned("c0")
        #expect(spawned.shutdownIDs == ["c0"])
        #expect(spawned.spawnedIDs.isEmpty)
        #expect(harness.exit("c0", .exited(code: 0)).exitCodes == [0])
        #expect(harness.log.readyNotifications == 0)
        #expect(harness.log.spawnedIDs == ["c0"])
    }

    @Test("stop before start exits at once")
    func stopBeforeStart() {
        var harness = SupervisorHarness(children: 2)
        let stop = harness.stop()
        #expect(stop.last == .exit(code: 0))
        #expect(harness.start().isEmpty)
    }

    @Test("a manual restart in progress becomes a stop when the tree stops")
    func restartThenStop() throws {
        var harness = SupervisorHarness(children: 2)
        harness.boot()
        try harness.restart("c0")
        harness.stop()
        // c1 first (reverse order); c0's exit does not respawn it.
        #expect(harness.exit("c0", .exited(code: 0)).spawnedIDs.isEmpty)
        #expect(harness.phase("c0") == .stopped)
        #expect(harness.exit("c1", .exited(code: 0)).exitCodes == [0])
        #expect(harness.restartError("c0")?.code == .notSupervising)
    }

    @Test("events after exit are ignored")
    func afterExit() {
        var harness = SupervisorHarness(children: 1)
        harness.boot()
        let pid = harness.pid("c0")
        harness.stop()
        harness.exit("c0", .exited(code: 0))
        #expect(harness.machine.exited(pid: pid, exit: .exited(code: 1), now: harness.now).isEmpty)
        #expect(harness.machine.spawned(id: "c0", pid: 999, now: harness.now).isEmpty)
        #expect(harness.machine.tick(now: harness.now + .seconds(100)).isEmpty)
        #expect(harness.machine.nextDeadline() == nil)
    }
}
