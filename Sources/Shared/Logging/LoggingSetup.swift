import Logging

/// Configures swift-log once per process: one line per event on stderr, structured metadata,
/// the level from `MC_LOG_LEVEL`. Under the supervisor each child's stderr is prefixed with
/// the child id and forwarded to the journal.
public enum LoggingSetup {
    /// Bootstraps logging for the process named `label`. Call once, first thing in `main`.
    public static func bootstrap(label: String, level: String) {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { name in
            var handler = StreamLogHandler.standardError(label: name)
            handler.logLevel = logLevel
            return handler
        }
    }
}
