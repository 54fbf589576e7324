@testable import MCSupervisor

/// Drives a `SupervisorStateMachine` like the actor would, with a `MockClock` and fake pids,
/// keeping every action for assertions.
struct SupervisorHarness {
    var machine: SupervisorStateMachine
    var clock = MockClock()
    /// Current pid per child id, as handed out by `spawned`.
    private(set) var pids: [String: Int32] = [:]
    /// Every action produced so far, in order.
    private(set) var log: [SupervisorAction] = []
    private var nextPID: Int32 = 100

    init(_ specs: [ChildSpec], policy: SupervisorPolicy = .init(), seed: UInt64 = 42) {
        machine = SupervisorStateMachine(specs: specs, policy: policy, seed: seed)
    }

    /// `count` permanent children named `c0`, `c1`, ...
    init(children count: Int, restart: RestartPolicy = .permanent, policy: SupervisorPolicy = .init()) {
        self.init((0..<count).map { spec("c\($0)", restart) }, policy: policy)
    }

    var now: MonotonicInstant { clock.now }

    func pid(_ id: String) -> Int32 {
        guard let pid = pids[id] else { fatalError("no pid for \(id)") }
        return pid
    }

    @discardableResult
    mutating func record(_ actions: [SupervisorAction]) -> [SupervisorAction] {
        log += actions
        return actions
    }

    @discardableResult
    mutating func start() -> [SupervisorAction] { record(machine.start(now: now)) }

    /// Reports the spawn of `id` with a fresh pid.
    @discardableResult
    mutating func spawned(_ id: String) -> [SupervisorAction] {
        nextPID += 1
        pids[id] = nextPID
        return record(machine.spawned(id: id, pid: nextPID, now: now))
    }

    @discardableResult
    mutating func ready(_ id: String) -> [SupervisorAction] {
        record(machine.ready(id: id, pid: pid(id), now: now))
    }

    @discardableResult
    mutating func heartbeat(_ id: String) -> [SupervisorAction] {
        record(machine.heartbeat(id: id, pid: pid(id), now: now))
    }

    @discardableResult
    mutating func exit(_ id: String, _ exit: ProcessExit) -> [SupervisorAction] {
        record(machine.exited(pid: pid(id), exit: exit, now: now))
    }

    @discardableResult
    mutating func tick() -> [SupervisorAction] { record(machine.tick(now: now)) }

    @discardableResult
    mutating func stop() -> [SupervisorAction] { record(machine.stopRequested(now: now)) }

    @discardableResult
    mutating func restart(_ id: String) throws(SupervisorStateMachineError) -> [SupervisorAction] {
        record(try machine.restartRequested(id: id, now: now))
    }

    /// The error a manual restart of `id` throws, or `nil` if it was accepted.
    mutating func restartError(_ id: String) -> SupervisorStateMachineError? {
        do {
            try restart(id)
            return nil
        } catch {
            return error
        }
    }

    mutating func advance(milliseconds: Int) { clock.advance(milliseconds: milliseconds) }

    /// Advances to the next deadline and ticks; returns the tick's actions.
    @discardableResult
    mutating func advanceToDeadlineAndTick() -> [SupervisorAction] {
        guard let deadline = machine.nextDeadline() else { return [] }
        clock.advance(to: deadline)
        return tick()
    }

    /// Answers every `.spawn` in `actions` (and in what those answers produce) with a pid and,
    /// if `ready`, a ready report: the happy path of the actor.
    mutating func complete(_ actions: [SupervisorAction], ready makeReady: Bool = true) {
        var pending = actions.spawnedIDs
        while !pending.isEmpty {
            let id = pending.removeFirst()
            pending += spawned(id).spawnedIDs
            if makeReady { pending += ready(id).spawnedIDs }
        }
    }

    /// Starts the tree and brings every child to running.
    mutating func boot() {
        complete(start())
    }

    func phase(_ id: String) -> ChildPhase? {
        machine.snapshot(now: now).first { $0.id == id }?.phase
    }

    func status(_ id: String) -> ChildStatus? {
        machine.snapshot(now: now).first { $0.id == id }
    }
}

/// A child spec with short test timeouts left at their defaults unless given.
func spec(
    _ id: String, _ restart: RestartPolicy = .permanent, shutdownTimeout: Duration = .seconds(5),
    startTimeout: Duration = .seconds(10), hangTimeout: Duration = .seconds(10)
) -> ChildSpec {
    ChildSpec(
        id: id, executable: "/usr/bin/\(id)", arguments: [], environment: [:], restart: restart,
        shutdownTimeout: shutdownTimeout, startTimeout: startTimeout, hangTimeout: hangTimeout)
}

extension Array where Element == SupervisorAction {
    /// Ids of `.spawn` actions, in order.
    var spawnedIDs: [String] {
        compactMap { if case .spawn(let id) = $0 { id } else { nil } }
    }

    /// `(id, signal)` of `.signal` actions, in order.
    var signals: [SignalSent] {
        compactMap { if case .signal(let id, _, let signal) = $0 { SignalSent(id: id, signal: signal) } else { nil } }
    }

    /// Ids of `.sendShutdown` actions, in order.
    var shutdownIDs: [String] {
        compactMap { if case .sendShutdown(let id, _) = $0 { id } else { nil } }
    }

    var reports: [SupervisorReport] {
        compactMap { if case .report(let report) = $0 { report } else { nil } }
    }

    /// Exit reasons of `.exited` reports, in order.
    var exitReasons: [ExitReason] {
        reports.compactMap { if case .exited(_, _, _, let reason) = $0 { reason } else { nil } }
    }

    /// Delays of `.restartScheduled` reports, in order.
    var restartDelays: [Duration] {
        reports.compactMap { if case .restartScheduled(_, let delay, _) = $0 { delay } else { nil } }
    }

    var exitCodes: [Int32] {
        compactMap { if case .exit(let code) = $0 { code } else { nil } }
    }

    var statusLines: [String] {
        compactMap { if case .notifyStatus(let line) = $0 { line } else { nil } }
    }

    var readyNotifications: Int {
        filter { $0 == .notifyReady }.count
    }

    var escalated: Bool {
        reports.contains { if case .escalation = $0 { true } else { false } }
    }
}

/// A `.signal` action without its pid, for compact expectations.
struct SignalSent: Equatable, CustomStringConvertible {
    var id: String
    var signal: Signal
    var description: String { "\(id):\(signal)" }
}
