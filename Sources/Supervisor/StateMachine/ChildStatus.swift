/// A snapshot of one child for `mcsup status`, taken at `SupervisorStateMachine.snapshot(now:)`.
struct ChildStatus: Sendable, Equatable {
    var id: String
    var phase: ChildPhase
    var restartPolicy: RestartPolicy
    /// The current process, if one is alive (or being spawned and already known).
    var pid: Int32?
    /// When the current process was spawned.
    var startedAt: MonotonicInstant?
    /// Time since `startedAt`, as of the snapshot.
    var uptime: Duration?
    /// When the current process reported ready.
    var readyAt: MonotonicInstant?
    /// Automatic restarts since the supervisor started (manual restarts are not counted).
    var restartsTotal: Int
    /// Automatic restarts of this child within the policy's intensity window.
    var restartsInWindow: Int
    /// Failures in a row since the child was last stable; drives the backoff.
    var consecutiveFailures: Int
    /// The previous process's end, if any.
    var lastExit: ExitRecord?
    /// Time since the last heartbeat (or ready) of the current process.
    var heartbeatAge: Duration?
    /// In `backoff`: time left until the next spawn.
    var nextRestartIn: Duration?
}
