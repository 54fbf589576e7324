/// The supervisor's decision logic (DESIGN §4): a pure value type, events in, actions out.
///
/// It does no I/O, reads no clock and draws no system randomness: every event carries `now`,
/// and backoff jitter comes from a generator seeded in `init`. The supervisor actor performs
/// the returned `SupervisorAction`s in order (spawn, signal, sd_notify, log) and feeds what
/// happens back in as events (`spawned`, `ready`, `exited`, ...), calling `tick(now:)` at
/// `nextDeadline()`. Tests drive it with a mock clock.
///
/// Events for a pid that is not the current process of a child are stale (a late heartbeat of
/// a process that was already replaced) and ignored.
struct SupervisorStateMachine: Sendable {
    /// Where the supervisor as a whole is in its life.
    enum Lifecycle: Sendable, Equatable {
        /// Before `start(now:)`.
        case idle
        /// The initial in-order start: the child at `next` is being started and the ones after
        /// it wait until it settles.
        case startingInOrder(next: Int)
        /// Every child has been started once; `READY=1` has been sent.
        case supervising
        /// Stopping the tree in reverse order; the process exits with `exitCode` afterwards.
        case stopping(exitCode: Int32)
        /// `.exit` has been emitted; every further event is ignored.
        case exited
    }

    let policy: SupervisorPolicy
    /// Children in spec order. Extensions in other files mutate these, hence not `private`.
    var children: [SupervisedChild]
    var lifecycle: Lifecycle = .idle
    var intensity: RestartIntensity
    var jitter: BackoffJitter
    var readyNotified = false
    /// The last `STATUS=` line sent, so it is only sent again when it changes.
    var lastStatusLine: String?
    /// Indices still to stop, in reverse spec order; only meaningful while `.stopping`.
    var shutdownQueue: [Int] = []

    /// Creates the machine; child ids must be unique (the configuration loader checks this).
    init(specs: [ChildSpec], policy: SupervisorPolicy = .init(), seed: UInt64) {
        precondition(Set(specs.map(\.id)).count == specs.count, "child ids must be unique")
        self.policy = policy
        self.children = specs.map(SupervisedChild.init(spec:))
        self.intensity = RestartIntensity(maxRestarts: policy.maxRestarts, window: policy.window)
        self.jitter = BackoffJitter(seed: seed)
    }

    /// Starts the children in spec order: the first now, each next one once the previous one
    /// has settled (see `SupervisedChild.hasSettled`), so `mc-api` is ready before workers.
    mutating func start(now: MonotonicInstant) -> [SupervisorAction] {
        guard lifecycle == .idle else { return [] }
        var actions: [SupervisorAction] = []
        lifecycle = .startingInOrder(next: 0)
        if !children.isEmpty {
            actions.append(spawnChild(at: 0))
        }
        settle(now: now, into: &actions)
        return actions
    }

    /// The actor started the process for `id` (answer to `.spawn`).
    mutating func spawned(id: String, pid: Int32, now: MonotonicInstant) -> [SupervisorAction] {
        guard isAcceptingEvents, let index = index(of: id),
            children[index].phase == .starting, children[index].pid == nil
        else { return [] }
        children[index].pid = pid
        children[index].startedAt = now
        var actions: [SupervisorAction] = [.report(.started(id: id, pid: pid))]
        settle(now: now, into: &actions)
        return actions
    }

    /// The actor could not start the process for `id` (exec failed). It counts as a failed
    /// start, restarted per policy like an exit before ready.
    mutating func spawnFailed(id: String, message: String, now: MonotonicInstant) -> [SupervisorAction] {
        guard isAcceptingEvents, let index = index(of: id),
            children[index].phase == .starting, children[index].pid == nil
        else { return [] }
        var actions: [SupervisorAction] = [.report(.spawnFailed(id: id, message: message))]
        children[index].lastExit = ExitRecord(exit: nil, reason: .failedStart, at: now)
        children[index].processEnded()
        handleUnrequestedExit(at: index, reason: .failedStart, now: now, into: &actions)
        settle(now: now, into: &actions)
        return actions
    }

    /// The child reported ready over IPC. A ready from a pid that is not current is ignored.
    mutating func ready(id: String, pid: Int32, now: MonotonicInstant) -> [SupervisorAction] {
        guard isAcceptingEvents, let index = index(of: id), children[index].pid == pid else { return [] }
        switch children[index].phase {
        case .starting:
            children[index].phase = .running
            children[index].readyAt = now
            children[index].lastHeartbeat = now
            let startup = children[index].startedAt.map { now - $0 } ?? .zero
            var actions: [SupervisorAction] = [.report(.ready(id: id, pid: pid, startup: startup))]
            settle(now: now, into: &actions)
            return actions
        case .running:
            // A repeated ready is as good as a heartbeat.
            children[index].lastHeartbeat = now
            return []
        case .backoff, .stopping, .stopped, .fatal:
            return []
        }
    }

    /// The child is alive; resets its hang timer. Heartbeats never produce actions.
    mutating func heartbeat(id: String, pid: Int32, now: MonotonicInstant) -> [SupervisorAction] {
        guard isAcceptingEvents, let index = index(of: id), children[index].pid == pid,
            children[index].phase == .starting || children[index].phase == .running
        else { return [] }
        children[index].lastHeartbeat = now
        return []
    }

    /// A child process ended (from `waitpid`). Pids that are not current children are ignored.
    mutating func exited(pid: Int32, exit: ProcessExit, now: MonotonicInstant) -> [SupervisorAction] {
        guard isAcceptingEvents, let index = children.firstIndex(where: { $0.pid == pid }) else { return [] }
        let child = children[index]
        let reason = exitReason(of: child, exit: exit)
        var actions: [SupervisorAction] = [.report(.exited(id: child.id, pid: pid, exit: exit, reason: reason))]
        children[index].lastExit = ExitRecord(exit: exit, reason: reason, at: now)
        children[index].processEnded()
        switch child.stopIntent {
        case .shutdown:
            children[index].phase = .stopped
        case .restart:
            // A manual restart: spawn again at once, outside the intensity count.
            actions.append(spawnChild(at: index))
        case .kill, nil:
            handleUnrequestedExit(at: index, reason: reason, now: now, into: &actions)
        }
        settle(now: now, into: &actions)
        return actions
    }

    /// Events are ignored before `start` and after `.exit`.
    var isAcceptingEvents: Bool {
        switch lifecycle {
        case .idle, .exited: false
        case .startingInOrder, .supervising, .stopping: true
        }
    }

    /// Whether the tree is being stopped (by request or escalation).
    var isStopping: Bool {
        if case .stopping = lifecycle { return true }
        return false
    }

    func index(of id: String) -> Int? {
        children.firstIndex { $0.id == id }
    }

    /// Resets the child for a new process and returns the action that spawns it.
    mutating func spawnChild(at index: Int) -> SupervisorAction {
        children[index].prepareSpawn()
        return .spawn(id: children[index].id)
    }
}
