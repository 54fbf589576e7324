/// The state machine's private record of one child: its spec plus everything that changes.
struct SupervisedChild: Sendable, Equatable {
    /// Why a child in `stopping` is being stopped, which decides what happens at its exit.
    enum StopIntent: Sendable, Equatable {
        /// Killed for `reason` (`hung` or `startTimeout`); restarted per policy at its exit.
        case kill(reason: ExitReason)
        /// Manual `mcsup restart`: spawned again at once at its exit.
        case restart
        /// Tree shutdown or escalation: stays stopped.
        case shutdown
    }

    let spec: ChildSpec
    var phase: ChildPhase = .stopped
    /// Whether it was ever spawned; a never-started child is `stopped` but not "settled".
    var everSpawned = false
    /// The live process; `nil` while a spawn is in flight or when nothing runs.
    var pid: Int32?
    /// When the current process was spawned (from `spawned`).
    var startedAt: MonotonicInstant?
    var readyAt: MonotonicInstant?
    /// Last heartbeat or ready of the current process.
    var lastHeartbeat: MonotonicInstant?

    /// Failures in a row since the child was last stable; 1 restarts at once, more back off.
    var consecutiveFailures = 0
    var restartsTotal = 0
    /// This child's automatic restarts, for `restartsInWindow` in the status.
    var restartTimes: [MonotonicInstant] = []
    var backoffUntil: MonotonicInstant?
    var lastExit: ExitRecord?

    var stopIntent: StopIntent?
    /// When a graceful stop escalates to SIGKILL; `nil` once SIGKILL has been sent.
    var stopDeadline: MonotonicInstant?
    /// Set when we sent SIGKILL; it becomes the exit reason of a process we stopped.
    var killReason: ExitReason?

    init(spec: ChildSpec) {
        self.spec = spec
    }

    var id: String { spec.id }

    /// Whether a process exists (or is being spawned) that must end before the child is stopped.
    var isAlive: Bool {
        switch phase {
        case .starting, .running, .stopping: true
        case .backoff, .stopped, .fatal: false
        }
    }

    /// During the initial in-order start, the next child starts once this one has settled:
    /// it is ready, or it will not become ready soon (fatal, backing off, or stopped).
    var hasSettled: Bool {
        switch phase {
        case .running, .backoff, .fatal: true
        case .stopped: everSpawned
        case .starting, .stopping: false
        }
    }

    /// Resets the per-process fields for a new spawn.
    mutating func prepareSpawn() {
        phase = .starting
        everSpawned = true
        pid = nil
        startedAt = nil
        readyAt = nil
        lastHeartbeat = nil
        backoffUntil = nil
        stopIntent = nil
        stopDeadline = nil
        killReason = nil
    }

    /// Clears the per-process fields after the process ended (or never started).
    mutating func processEnded() {
        pid = nil
        startedAt = nil
        readyAt = nil
        lastHeartbeat = nil
        stopIntent = nil
        stopDeadline = nil
        killReason = nil
    }
}
