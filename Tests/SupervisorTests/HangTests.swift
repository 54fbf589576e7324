import Testing

@testable import MCSupervisor

@Suite("Hang detection")
struct HangTests {
    @Test("heartbeats keep a child alive; silence for hangTimeout kills it and it restarts as hung")
    func hang() {
        var harness = SupervisorHarness([spec("mc-api"), spec("gateway", hangTimeout: .seconds(3))])
        harness.boot()
        for _ in 0..<10 {
            harness.advance(milliseconds: 2_500)
            #expect(harness.heartbeat("gateway").isEmpty)
            harness.heartbeat("mc-api")
            #expect(harness.tick().signals.isEmpty)
        }
        let lastHeartbeat = harness.now
        #expect(harness.machine.nextDeadline() == lastHeartbeat + .seconds(3))
        harness.advance(milliseconds: 2_999)
        #expect(harness.tick().signals.isEmpty)

        harness.advance(milliseconds: 1)
        let pid = harness.pid("gateway")
        let kill = harness.tick()
        #expect(kill.signals == [SignalSent(id: "gateway", signal: .kill)])
        #expect(kill.reports.contains(.hung(id: "gateway", pid: pid, silence: .seconds(3))))
        #expect(harness.phase("gateway") == .stopping)
        // Late heartbeats from the doomed process change nothing.
        harness.heartbeat("gateway")
        #expect(harness.phase("gateway") == .stopping)

        let exit = harness.exit("gateway", .signaled(signal: 9))
        #expect(exit.exitReasons == [.hung])
        #expect(exit.spawnedIDs == ["gateway"])
        #expect(harness.status("gateway")?.lastExit?.reason == .hung)
        #expect(harness.phase("mc-api") == .running)
    }

    @Test("a hung child is restarted per policy (hung is abnormal)", arguments: RestartPolicy.allCases)
    func hungPerPolicy(policy: RestartPolicy) {
        var harness = SupervisorHarness([spec("c0", policy, hangTimeout: .seconds(1))])
        harness.boot()
        harness.advance(milliseconds: 1_000)
        #expect(harness.tick().signals == [SignalSent(id: "c0", signal: .kill)])
        let exit = harness.exit("c0", .signaled(signal: 9))
        #expect(exit.exitReasons == [.hung])
        let restarts = policy != .temporary
        #expect(exit.spawnedIDs == (restarts ? ["c0"] : []))
        #expect(harness.phase("c0") == (restarts ? .starting : .stopped))
    }

    @Test("a manual restart of a hung child being killed respawns it on exit without counting")
    func restartWhileKilling() throws {
        var harness = SupervisorHarness([spec("c0", hangTimeout: .seconds(1))])
        harness.boot()
        harness.advance(milliseconds: 1_000)
        harness.tick()
        let request = try harness.restart("c0")
        #expect(request.signals.isEmpty)
        let exit = harness.exit("c0", .signaled(signal: 9))
        #expect(exit.exitReasons == [.hung])
        #expect(exit.spawnedIDs == ["c0"])
        #expect(harness.status("c0")?.restartsTotal == 0)
    }
}
