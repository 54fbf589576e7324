import MCShared
import Logging

/// Turns the state machine's reports into one structured log line each.
enum SupervisorReportLogger {
    static func log(_ report: SupervisorReport, to logger: Logger) {
        switch report {
        case .started(let id, let pid):
            logger.info("child started", metadata: ["mc.child": "\(id)", "mc.pid": "\(pid)"])
        case .spawnFailed(let id, let message):
            logger.error("child could not be started", metadata: ["mc.child": "\(id)", "mc.error": "\(message)"])
        case .ready(let id, let pid, let startup):
            logger.info(
                "child ready",
                metadata: ["mc.child": "\(id)", "mc.pid": "\(pid)", "mc.startup_ms": "\(startup.wholeMilliseconds)"])
        case .exited(let id, let pid, let exit, let reason):
            let level: Logger.Level = reason == .shutdown || reason == .normal ? .info : .warning
            logger.log(
                level: level, "child exited",
                metadata: ["mc.child": "\(id)", "mc.pid": "\(pid)", "mc.exit": "\(exit)", "mc.reason": "\(reason.rawValue)"])
        case .restartScheduled(let id, let delay, let attempt):
            logger.info(
                "child restart scheduled",
                metadata: ["mc.child": "\(id)", "mc.delay_ms": "\(delay.wholeMilliseconds)", "mc.attempt": "\(attempt)"])
        case .notRestarted(let id, let reason, let policy):
            logger.info(
                "child not restarted",
                metadata: ["mc.child": "\(id)", "mc.reason": "\(reason.rawValue)", "mc.restart": "\(policy.rawValue)"])
        case .hung(let id, let pid, let silence):
            logger.error(
                "child hung: no heartbeat; killing it",
                metadata: ["mc.child": "\(id)", "mc.pid": "\(pid)", "mc.silence_ms": "\(silence.wholeMilliseconds)"])
        case .startTimeout(let id, let pid, let waited):
            logger.error(
                "child not ready in time; killing it",
                metadata: ["mc.child": "\(id)", "mc.pid": "\(pid)", "mc.waited_ms": "\(waited.wholeMilliseconds)"])
        case .stopTimeout(let id, let pid):
            logger.warning("child did not stop in time; killing it", metadata: ["mc.child": "\(id)", "mc.pid": "\(pid)"])
        case .fatal(let id):
            logger.critical(
                "child has a configuration error (exit 78); not restarting it — fix the setting in its log line, then run 'mcsup restart \(id)'",
                metadata: ["mc.child": "\(id)"])
        case .stable(let id):
            logger.debug("child stable", metadata: ["mc.child": "\(id)"])
        case .escalation(let id, let restarts, let window):
            logger.critical(
                "restart intensity exceeded; stopping everything",
                metadata: ["mc.child": "\(id)", "mc.restarts": "\(restarts)", "mc.window_s": "\(window.components.seconds)"])
        case .restartRequested(let id):
            logger.notice("restart requested", metadata: ["mc.child": "\(id)"])
        case .stopping(let exitCode):
            logger.notice("stopping all children", metadata: ["mc.exit_code": "\(exitCode)"])
        case .allStopped:
            logger.notice("all children stopped")
        }
    }
}
