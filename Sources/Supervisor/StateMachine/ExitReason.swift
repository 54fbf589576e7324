/// Why a child stopped running, in the words `mcsup status` and the logs use.
///
/// The raw values are the stable strings of `mcsup status --json`.
enum ExitReason: String, Sendable, Equatable, CaseIterable {
    /// Exit code 0 that the supervisor did not ask for.
    case normal
    /// Exited after the supervisor asked it to stop (IPC `shutdown` + SIGTERM).
    case shutdown
    /// Non-zero exit code or a signal the supervisor did not send, after the child was ready.
    case crashed
    /// Killed with SIGKILL because it stopped heartbeating for its hang timeout.
    case hung
    /// Killed with SIGKILL because it was not ready within its start timeout.
    case startTimeout = "start_timeout"
    /// Exited (with a non-zero code or a signal) before it was ready, or could not be executed.
    case failedStart = "failed_start"
    /// Exit code 78 (EX_CONFIG): fatal, never restarted automatically.
    case config
    /// Killed with SIGKILL because it did not stop within its shutdown timeout.
    case killed
    /// Stopped by a manual `mcsup restart`.
    case restart
}
