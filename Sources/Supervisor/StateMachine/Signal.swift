/// A signal the supervisor sends to a child.
enum Signal: Sendable, Equatable, Hashable {
    /// SIGTERM: the polite request that follows the IPC `shutdown` message.
    case terminate
    /// SIGKILL: after a shutdown timeout, a start timeout, or a hang.
    case kill

    /// The POSIX signal number. SIGTERM and SIGKILL have the same numbers on every Unix we
    /// run on, so no libc import is needed here.
    var number: Int32 {
        switch self {
        case .terminate: 15
        case .kill: 9
        }
    }
}
