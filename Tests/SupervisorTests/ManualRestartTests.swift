import Testing

@testable import MCSupervisor

@Suite("Manual restart")
struct ManualRestartTests {
    @Test("a running child is stopped gracefully and spawned again when it exits")
    func restartRunning() throws {
        var harness = SupervisorHarness(children: 2)
        harness.boot()
        let request = try harness.restart("c0")
        #expect(request.first == .report(.restartRequested(id: "c0")))
        #expect(request.shutdownIDs == ["c0"])
        #expect(request.signals == [SignalSent(id: "c0", signal: .terminate)])
        #expect(request.spawnedIDs.isEmpty)
        #expect(harness.phase("c0") == .stopping)
        #expect(harness.phase("c1") == .running)

        let exit = harness.exit("c0", .exited(code: 0))
        #expect(exit.exitReasons == [.restart])
        #expect(exit.spawnedIDs == ["c0"])
        #expect(harness.status("c0")?.restartsTotal == 0)
    }

    @Test("a child that ignores the restart's SIGTERM is killed after its shutdown timeout")
    func restartTimeout() throws {
        var harness = SupervisorHarness([spec("c0", shutdownTimeout: .seconds(1))])
        harness.boot()
        try harness.restart("c0")
        harness.advance(milliseconds: 1_000)
        #expect(harness.tick().signals == [SignalSent(id: "c0", signal: .kill)])
        let exit = harness.exit("c0", .signaled(signal: 9))
        #expect(exit.exitReasons == [.killed])
        #expect(exit.spawnedIDs == ["c0"])
    }

    @Test("fatal, backoff and stopped children are spawned at once", arguments: [ChildPhase.fatal, .backoff, .stopped])
    func restartIdle(phase: ChildPhase) throws {
        var harness = SupervisorHarness([spec("c0", .transient)])
        harness.boot()
        switch phase {
        case .fatal:
            harness.exit("c0", .exited(code: 78))
        case .backoff:
            harness.exit("c0", .exited(code: 1))
            harness.spawned("c0")
            harness.exit("c0", .exited(code: 1))
        default:
            harness.exit("c0", .exited(code: 0))
        }
        #expect(harness.phase("c0") == phase)
        let request = try harness.restart("c0")
        #expect(request.spawnedIDs == ["c0"])
        #expect(harness.phase("c0") == .starting)
        #expect(harness.status("c0")?.consecutiveFailures == 0)
    }

    @Test("an unknown child is an error that names the known ones")
    func unknownChild() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway")])
        harness.boot()
        let error = harness.restartError("gatewy")
        #expect(error?.code == .unknownChild)
        #expect(error?.description == "no child named 'gatewy' (children: mc-api, gateway)")
    }

    @Test("a restart before the children were started is refused")
    func beforeStart() {
        var harness = SupervisorHarness(children: 1)
        let error = harness.restartError("c0")
        #expect(error?.code == .notSupervising)
        #expect(error?.description == "cannot restart 'c0': children not started yet")
    }
}
