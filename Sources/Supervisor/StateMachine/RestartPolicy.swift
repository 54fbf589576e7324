/// When a child is restarted after it exits on its own, as in OTP's child specs.
enum RestartPolicy: String, Sendable, Equatable, CaseIterable {
    /// Always restarted (the API and long-running workers).
    case permanent
    /// Restarted only after an abnormal exit; a clean exit (code 0) means it is done.
    case transient
    /// Never restarted.
    case temporary

    /// Whether an exit with `reason`, which the supervisor did not ask for, leads to a restart.
    ///
    /// `config` (exit 78) is never restarted: the same configuration would fail the same way, so
    /// restarting only burns the restart intensity and hides the real error.
    func restarts(after reason: ExitReason) -> Bool {
        switch reason {
        case .config, .shutdown, .killed, .restart:
            // A configuration error is final; the others are stops we asked for.
            return false
        case .normal:
            return self == .permanent
        case .crashed, .hung, .startTimeout, .failedStart:
            return self != .temporary
        }
    }
}
