/// Something the supervisor actor must do, produced by `SupervisorStateMachine` in response to
/// an event. The actor performs actions in order and feeds their outcomes back as events.
enum SupervisorAction: Sendable, Equatable {
    /// Start the child's process; answer with `spawned(id:pid:now:)` or `spawnFailed(...)`.
    case spawn(id: String)
    /// Ask the child to stop over IPC (`shutdown` message). Always followed by `.signal(.terminate)`
    /// for the same pid, so a child whose IPC link is down still hears it.
    case sendShutdown(id: String, pid: Int32)
    /// Send a signal to the child's process.
    case signal(id: String, pid: Int32, Signal)
    /// `sd_notify("READY=1")`; emitted exactly once.
    case notifyReady
    /// `sd_notify("STATUS=...")` with a one-line summary; emitted when the line changes.
    case notifyStatus(String)
    /// `sd_notify("STOPPING=1")`.
    case notifyStopping
    /// The supervisor process should exit now with this code (0 after a requested stop, 1 after
    /// an escalation). Always the last action the machine produces.
    case exit(code: Int32)
    /// A notable event for the actor to log.
    case report(SupervisorReport)
}
