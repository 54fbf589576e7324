import Testing

@testable import MCSupervisor

/// How the single child's process ends in the restart-matrix tests.
enum ExitScenario: String, CaseIterable, CustomTestStringConvertible {
    /// exit(0) that nobody asked for.
    case normal
    /// Exits after `stopRequested` (IPC shutdown + SIGTERM).
    case shutdownRequested
    /// exit(1) after ready.
    case abnormal

    var testDescription: String { rawValue }
}

@Suite("Restart decision")
struct RestartMatrixTests {
    /// DESIGN §4 / OTP: which (exit, policy) pairs restart.
    static func expectsRestart(_ scenario: ExitScenario, _ policy: RestartPolicy) -> Bool {
        switch scenario {
        case .normal: policy == .permanent
        case .shutdownRequested: false
        case .abnormal: policy != .temporary
        }
    }

    static func expectedReason(_ scenario: ExitScenario) -> ExitReason {
        switch scenario {
        case .normal: .normal
        case .shutdownRequested: .shutdown
        case .abnormal: .crashed
        }
    }

    @Test("exit × restart policy", arguments: ExitScenario.allCases, RestartPolicy.allCases)
    func matrix(scenario: ExitScenario, policy: RestartPolicy) {
        var harness = SupervisorHarness(children: 1, restart: policy)
        harness.boot()
        #expect(harness.phase("c0") == .running)
        harness.advance(milliseconds: 250)

        var actions: [SupervisorAction] = []
        switch scenario {
        case .normal:
            actions = harness.exit("c0", .exited(code: 0))
        case .shutdownRequested:
            let stop = harness.stop()
            #expect(stop.shutdownIDs == ["c0"])
            #expect(stop.signals == [SignalSent(id: "c0", signal: .terminate)])
            actions = harness.exit("c0", .exited(code: 0))
            #expect(actions.exitCodes == [0])
        case .abnormal:
            actions = harness.exit("c0", .exited(code: 1))
        }

        let restarted = Self.expectsRestart(scenario, policy)
        #expect(actions.exitReasons == [Self.expectedReason(scenario)])
        #expect(actions.spawnedIDs == (restarted ? ["c0"] : []))
        #expect(harness.phase("c0") == (restarted ? .starting : .stopped))
        #expect(harness.status("c0")?.restartsTotal == (restarted ? 1 : 0))
        #expect(harness.status("c0")?.lastExit?.reason == Self.expectedReason(scenario))
    }

    @Test("a signal we did not send is a crash", arguments: [Int32(11), 9, 15, 6])
    func foreignSignalIsCrash(signal: Int32) {
        var harness = SupervisorHarness(children: 1, restart: .transient)
        harness.boot()
        let actions = harness.exit("c0", .signaled(signal: signal))
        #expect(actions.exitReasons == [.crashed])
        #expect(actions.spawnedIDs == ["c0"])
    }

    @Test("exit 78 is fatal and never restarted", arguments: RestartPolicy.allCases)
    func configErrorIsFatal(policy: RestartPolicy) {
        var harness = SupervisorHarness(children: 1, restart: policy)
        harness.boot()
        let actions = harness.exit("c0", .exited(code: 78))
        #expect(actions.exitReasons == [.config])
        #expect(actions.spawnedIDs.isEmpty)
        #expect(actions.reports.contains(.fatal(id: "c0")))
        #expect(harness.phase("c0") == .fatal)
        #expect(harness.machine.nextDeadline() == nil)
        harness.advance(milliseconds: 120_000)
        #expect(harness.tick().spawnedIDs.isEmpty)
        #expect(harness.phase("c0") == .fatal)
    }

    @Test("exit 78 before ready is fatal too, and does not block the next child")
    func configErrorBeforeReady() {
        var harness = SupervisorHarness(children: 2)
        harness.start()
        harness.spawned("c0")
        let actions = harness.exit("c0", .exited(code: 78))
        #expect(actions.exitReasons == [.config])
        #expect(actions.spawnedIDs == ["c1"])
        #expect(harness.phase("c0") == .fatal)
    }

    @Test("the status line reports a fatal child as degraded")
    func degradedStatus() {
        var harness = SupervisorHarness([spec("api"), spec("gateway")])
        harness.boot()
        #expect(harness.log.statusLines.last == "2/2 running")
        let actions = harness.exit("gateway", .exited(code: 78))
        #expect(actions.statusLines == ["degraded: 1/2 running; gateway fatal"])
    }
}
