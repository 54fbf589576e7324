/// The lifecycle phase of one child, as shown by `mcsup status`.
enum ChildPhase: String, Sendable, Equatable, CaseIterable {
    /// Spawn requested or process running but not yet `ready`.
    case starting
    /// Ready and heartbeating.
    case running
    /// Exited and waiting for its backoff delay before the next spawn.
    case backoff
    /// Asked to stop (or killed); waiting for its exit.
    case stopping
    /// Not running and not going to be restarted automatically.
    case stopped
    /// Exited with a configuration error (exit 78); only a manual restart brings it back.
    case fatal
}
