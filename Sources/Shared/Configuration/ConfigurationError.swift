/// An invalid setting. Its message is one line that names the setting and says how to fix it;
/// processes print it and exit with `ExitCode.configuration` (78).
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The environment variable at fault, when there is one.
    public var variable: String?
    /// What is wrong and what to do, in one line.
    public var message: String

    /// Creates an error about `variable`.
    public init(_ variable: String?, _ message: String) {
        self.variable = variable
        self.message = message
    }

    public var description: String {
        if let variable { return "invalid configuration: \(variable): \(message)" }
        return "invalid configuration: \(message)"
    }
}
