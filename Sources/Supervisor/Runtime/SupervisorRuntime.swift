import CLinux
import Logging
import MCIPC
import MCShared

#if canImport(Glibc)
import Glibc
#endif

/// Executes the `SupervisorStateMachine`'s decisions: spawns and signals processes, talks to
/// children over the control socket and to systemd, and feeds every outcome back in as an
/// event. All logic lives in the state machine; this actor only performs and observes.
actor SupervisorRuntime {
    private var machine: SupervisorStateMachine
    private let specs: [String: ChildSpec]
    private let launcher: ChildLauncher
    let output: ChildOutputLog
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let url: String
    private let startedAt = MonotonicInstant.now()
    /// Control connections of children, by child id (the current process's only).
    private var childConnections: [String: IPCConnection] = [:]
    /// Exits of pids the machine has not heard were spawned yet (the reaper can win the race
    /// against the spawn's result); applied as soon as the spawn is recorded.
    private var earlyExits: [Int32: ProcessExit] = [:]
    private var timer: Task<Void, Never>?
    private var timerDeadline: MonotonicInstant?
    private var exitWaiters: [CheckedContinuation<Int32, Never>] = []
    private var exitCode: Int32?
    private var stopping = false

    init(
        specs: [ChildSpec], policy: SupervisorPolicy, launcher: ChildLauncher, output: ChildOutputLog,
        notifier: SystemdNotifier, url: String, logger: Logger
    ) {
        self.machine = SupervisorStateMachine(specs: specs, policy: policy, seed: UInt64.random(in: 0...UInt64.max))
        self.specs = Dictionary(uniqueKeysWithValues: specs.map { ($0.id, $0) })
        self.launcher = launcher
        self.output = output
        self.notifier = notifier
        self.url = url
        self.logger = logger
    }

    // MARK: - Life

    /// Starts the children and returns the exit code once the tree has stopped.
    func run() async -> Int32 {
        await perform(machine.start(now: .now()))
        if let watchdog = notifier.watchdogInterval { startWatchdog(every: watchdog) }
        if let exitCode { return exitCode }
        return await withCheckedContinuation { exitWaiters.append($0) }
    }

    /// Graceful stop of the whole tree (SIGTERM, SIGINT, `mcsup stop`). A second request while
    /// stopping kills every child at once.
    func stop() async {
        if stopping {
            logger.warning("second stop request: killing every child now")
            for status in machine.snapshot(now: .now()) { if let pid = status.pid { kill(pid, SIGKILL) } }
            return
        }
        stopping = true
        await perform(machine.stopRequested(now: .now()))
    }

    /// Restarts one child (`mcsup restart <child>`).
    func restart(id: String) async throws(SupervisorStateMachineError) {
        let actions = try machine.restartRequested(id: id, now: .now())
        await perform(actions)
    }

    // MARK: - Observations

    /// A child process ended.
    func childExited(pid: Int32, exit: ProcessExit) async {
        guard machine.childID(pid: pid) != nil else {
            earlyExits[pid] = exit
            return
        }
        await perform(machine.exited(pid: pid, exit: exit, now: .now()))
    }

    /// A child's control connection said hello.
    func register(_ connection: IPCConnection, id: String) {
        childConnections[id] = connection
    }

    /// A child's control connection closed.
    func unregister(_ connection: IPCConnection, id: String) {
        if childConnections[id] === connection { childConnections[id] = nil }
    }

    /// A child reported ready.
    func childReady(id: String, pid: Int32) async {
        await perform(machine.ready(id: id, pid: pid, now: .now()))
    }

    /// A child's heartbeat.
    func heartbeat(id: String, pid: Int32) async {
        await perform(machine.heartbeat(id: id, pid: pid, now: .now()))
    }

    // MARK: - Actions

    private func perform(_ actions: [SupervisorAction]) async {
        for action in actions {
            switch action {
            case .spawn(let id):
                await spawn(id)
            case .sendShutdown(let id, let pid):
                if let connection = childConnections[id], connection.peerCredentials?.pid == pid {
                    connection.send(event: "child.shutdown")
                }
            case .signal(_, let pid, let signal):
                kill(pid, signal == .kill ? SIGKILL : SIGTERM)
            case .notifyReady:
                notifier.notify("READY=1")
                logger.notice("Mission Control is running at \(url)", metadata: ["mc.url": "\(url)"])
            case .notifyStatus(let line):
                notifier.notify("STATUS=\(line)")
            case .notifyStopping:
                notifier.notify("STOPPING=1")
            case .exit(let code):
                exitCode = code
                timer?.cancel()
                for waiter in exitWaiters { waiter.resume(returning: code) }
                exitWaiters = []
            case .report(let report):
                SupervisorReportLogger.log(report, to: logger)
            }
        }
        rescheduleTimer()
    }

    private func spawn(_ id: String) async {
        guard let spec = specs[id] else { return }
        do {
            let pid = try await launcher.launch(
                id: id, executable: spec.executable, arguments: spec.arguments, environment: spec.environment)
            await perform(machine.spawned(id: id, pid: pid, now: .now()))
            if let exit = earlyExits.removeValue(forKey: pid) {
                await perform(machine.exited(pid: pid, exit: exit, now: .now()))
            }
        } catch {
            await perform(machine.spawnFailed(id: id, message: "\(error)", now: .now()))
        }
    }

    /// Arms a one-shot timer for the machine's next deadline; an earlier deadline replaces a
    /// later one, a later one waits for the current timer (whose tick then re-arms).
    private func rescheduleTimer() {
        guard exitCode == nil, let deadline = machine.nextDeadline() else { return }
        if let current = timerDeadline, current <= deadline, timer != nil { return }
        timer?.cancel()
        timerDeadline = deadline
        let delay = max(deadline - .now(), .zero)
        timer = Task { [weak self] in
            try? await Task.sleep(for: delay)
            guard !Task.isCancelled else { return }
            await self?.timerFired()
        }
    }

    private func timerFired() async {
        timer = nil
        timerDeadline = nil
        await perform(machine.tick(now: .now()))
    }

    private func startWatchdog(every interval: Duration) {
        // Runs on this actor: if the actor stops making progress, systemd stops hearing from us.
        Task { [weak self] in
            while !Task.isCancelled {
                guard let self, await self.exitCode == nil else { return }
                await self.petWatchdog()
                try? await Task.sleep(for: interval)
            }
        }
    }

    private func petWatchdog() {
        notifier.notify("WATCHDOG=1")
    }

    // MARK: - Status

    /// The status document for `mcsup status`.
    func status() -> SupervisorStatusDocument {
        let now = MonotonicInstant.now()
        let children = machine.snapshot(now: now).map { child in
            SupervisorStatusDocument.Child(
                id: child.id, state: child.phase.rawValue, restart: child.restartPolicy.rawValue, pid: child.pid,
                uptimeMs: child.uptime?.wholeMilliseconds, restartsTotal: child.restartsTotal,
                restartsInWindow: child.restartsInWindow,
                lastExit: child.lastExit.map { record in
                    var code: Int32?
                    var signal: Int32?
                    switch record.exit {
                    case .exited(let value): code = value
                    case .signaled(let value): signal = value
                    case nil: break
                    }
                    return .init(code: code, signal: signal, reason: record.reason.rawValue, agoMs: (now - record.at).wholeMilliseconds)
                },
                rssBytes: child.pid.flatMap { pid in
                    let rss = mc_process_rss(pid)
                    return rss >= 0 ? Int64(rss) : nil
                },
                heartbeatAgeMs: child.heartbeatAge?.wholeMilliseconds,
                nextRestartInMs: child.nextRestartIn?.wholeMilliseconds)
        }
        let running = children.filter { $0.state == "running" }.count
        return SupervisorStatusDocument(
            supervisor: .init(
                pid: getpid(), version: MissionControlVersion.current, uptimeMs: (now - startedAt).wholeMilliseconds,
                state: stopping || exitCode != nil ? "stopping" : "running",
                summary: "\(running)/\(children.count) running", rssBytes: Int64(mc_process_rss(getpid())), url: url),
            children: children)
    }
}
