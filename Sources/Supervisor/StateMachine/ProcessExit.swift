/// How a child process ended, as reported by `waitpid`.
enum ProcessExit: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The process called `exit` with this code.
    case exited(code: Int32)
    /// The process was terminated by this signal.
    case signaled(signal: Int32)

    /// EX_CONFIG from sysexits.h (`ExitCode.configuration` in MCShared): a configuration error
    /// that a restart cannot fix. Repeated here so the state machine needs no dependencies.
    static let configurationErrorCode: Int32 = 78

    /// `true` for `exit(0)`.
    var isSuccess: Bool { self == .exited(code: 0) }

    /// `true` for exit 78 (EX_CONFIG).
    var isConfigurationError: Bool { self == .exited(code: Self.configurationErrorCode) }

    var description: String {
        switch self {
        case .exited(let code): "code \(code)"
        case .signaled(let signal): "signal \(signal)"
        }
    }
}
