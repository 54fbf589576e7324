/// A notable event for the supervisor actor to log with structured metadata.
///
/// The state machine does not log (it is pure); it describes what happened and the actor picks
/// the log level. Durations are measured on the injected clock.
enum SupervisorReport: Sendable, Equatable {
    /// The process was spawned.
    case started(id: String, pid: Int32)
    /// The process could not be spawned (exec failed); counts as a failed start.
    case spawnFailed(id: String, message: String)
    /// The child reported ready, `startup` after it was spawned.
    case ready(id: String, pid: Int32, startup: Duration)
    /// The process ended.
    case exited(id: String, pid: Int32, exit: ProcessExit, reason: ExitReason)
    /// The child will be spawned again after `delay` (zero: at once). `attempt` is its number of
    /// consecutive failures.
    case restartScheduled(id: String, delay: Duration, attempt: Int)
    /// A child that exited is not restarted, because of its restart policy or because we
    /// are stopping.
    case notRestarted(id: String, reason: ExitReason, policy: RestartPolicy)
    /// A ready child went `silence` without a heartbeat; it is being killed.
    case hung(id: String, pid: Int32, silence: Duration)
    /// A child was not ready after `waited`; it is being killed.
    case startTimeout(id: String, pid: Int32, waited: Duration)
    /// A child did not stop within its shutdown timeout; it is being killed.
    case stopTimeout(id: String, pid: Int32)
    /// A child exited with a configuration error and will not be restarted.
    case fatal(id: String)
    /// A child has run long enough that its consecutive failures are forgiven.
    case stable(id: String)
    /// Restart intensity exceeded (`restarts` in `window`): the supervisor stops everything and
    /// exits non-zero. `id` is the child whose restart was refused.
    case escalation(id: String, restarts: Int, window: Duration)
    /// A manual restart of the child was requested.
    case restartRequested(id: String)
    /// The whole tree is being stopped; the supervisor will exit with `exitCode`.
    case stopping(exitCode: Int32)
    /// Every child is stopped.
    case allStopped
}
