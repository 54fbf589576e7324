import Testing

@testable import MCSupervisor

@Suite("In-order start, failed starts and start timeouts")
struct StartOrderTests {
    @Test("workers are spawned only once the API is ready; READY=1 once, at the end")
    func inOrder() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway"), spec("webhooks")])
        #expect(harness.start().spawnedIDs == ["mc-api"])
        #expect(harness.spawned("mc-api").spawnedIDs.isEmpty)
        harness.advance(milliseconds: 300)
        #expect(harness.tick().spawnedIDs.isEmpty)
        #expect(harness.phase("gateway") == .stopped)

        let afterAPI = harness.ready("mc-api")
        #expect(afterAPI.spawnedIDs == ["gateway"])
        #expect(afterAPI.readyNotifications == 0)
        harness.spawned("gateway")
        #expect(harness.ready("gateway").spawnedIDs == ["webhooks"])
        harness.spawned("webhooks")
        let last = harness.ready("webhooks")
        #expect(last.readyNotifications == 1)
        #expect(last.statusLines == ["3/3 running"])

        // A later crash and recovery does not notify READY again.
        harness.exit("gateway", .exited(code: 1))
        harness.spawned("gateway")
        harness.ready("gateway")
        #expect(harness.log.readyNotifications == 1)
    }

    @Test("a worker that is fatal at start does not block READY")
    func fatalWorkerDoesNotBlockReady() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway"), spec("sessions")])
        harness.start()
        harness.spawned("mc-api")
        #expect(harness.ready("mc-api").spawnedIDs == ["gateway"])
        harness.spawned("gateway")
        #expect(harness.log.readyNotifications == 0)
        let actions = harness.exit("gateway", .exited(code: 78))
        #expect(actions.spawnedIDs == ["sessions"])
        harness.spawned("sessions")
        #expect(harness.ready("sessions").readyNotifications == 1)
    }

    @Test("a child that exits before ready is a failed start, restarted at once the first time")
    func failedStart() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway")])
        harness.start()
        harness.spawned("mc-api")
        harness.advance(milliseconds: 40)
        let actions = harness.exit("mc-api", .exited(code: 1))
        #expect(actions.exitReasons == [.failedStart])
        #expect(actions.spawnedIDs == ["mc-api"])
        let expected = ExitRecord(exit: .exited(code: 1), reason: .failedStart, at: harness.now)
        #expect(harness.status("mc-api")?.lastExit == expected)
    }

    @Test("a second failed start backs off, and the next child starts meanwhile")
    func failedStartBackoffSettles() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway")])
        harness.start()
        harness.spawned("mc-api")
        harness.exit("mc-api", .exited(code: 1))
        harness.spawned("mc-api")
        let second = harness.exit("mc-api", .signaled(signal: 11))
        #expect(second.exitReasons == [.failedStart])
        #expect(harness.phase("mc-api") == .backoff)
        #expect(second.spawnedIDs == ["gateway"])
    }

    @Test("spawnFailed counts as a failed start")
    func spawnFailed() {
        var harness = SupervisorHarness(children: 1)
        harness.start()
        let first = harness.record(harness.machine.spawnFailed(id: "c0", message: "ENOENT", now: harness.now))
        #expect(first.reports.first == .spawnFailed(id: "c0", message: "ENOENT"))
        #expect(first.spawnedIDs == ["c0"])
        #expect(harness.status("c0")?.lastExit == ExitRecord(exit: nil, reason: .failedStart, at: .zero))
        let second = harness.record(harness.machine.spawnFailed(id: "c0", message: "ENOENT", now: harness.now))
        #expect(second.spawnedIDs.isEmpty)
        #expect(harness.phase("c0") == .backoff)
        #expect(harness.status("c0")?.restartsTotal == 2)
    }

    @Test("spawnFailed for a temporary child stops it")
    func spawnFailedTemporary() {
        var harness = SupervisorHarness(children: 1, restart: .temporary)
        harness.start()
        let actions = harness.record(harness.machine.spawnFailed(id: "c0", message: "EACCES", now: harness.now))
        #expect(actions.spawnedIDs.isEmpty)
        #expect(harness.phase("c0") == .stopped)
        #expect(actions.readyNotifications == 1)
    }

    @Test("start timeout: SIGKILL, then a restart with reason start_timeout once it exits")
    func startTimeout() {
        var harness = SupervisorHarness([spec("c0", startTimeout: .seconds(2))])
        harness.start()
        harness.spawned("c0")
        harness.advance(milliseconds: 1_999)
        #expect(harness.tick().signals.isEmpty)
        #expect(harness.machine.nextDeadline() == MonotonicInstant.zero + .seconds(2))

        harness.advance(milliseconds: 1)
        let tick = harness.tick()
        #expect(tick.signals == [SignalSent(id: "c0", signal: .kill)])
        #expect(tick.reports.contains(.startTimeout(id: "c0", pid: harness.pid("c0"), waited: .seconds(2))))
        #expect(tick.spawnedIDs.isEmpty)
        #expect(harness.phase("c0") == .stopping)
        // No second SIGKILL while waiting for the exit.
        harness.advance(milliseconds: 10_000)
        #expect(harness.tick().signals.isEmpty)

        let exit = harness.exit("c0", .signaled(signal: 9))
        #expect(exit.exitReasons == [.startTimeout])
        #expect(exit.spawnedIDs == ["c0"])
    }

    @Test("a ready child has no start timeout")
    func readyCancelsStartTimeout() {
        var harness = SupervisorHarness([spec("c0", startTimeout: .seconds(2), hangTimeout: .seconds(100))])
        harness.boot()
        harness.advance(milliseconds: 5_000)
        #expect(harness.tick().signals.isEmpty)
        #expect(harness.phase("c0") == .running)
    }
}
