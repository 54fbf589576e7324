import Logging
import MCIPC
import MCShared

/// `mc-worker sessions`: the Claude Code transcript scanner. On this runtime today it
/// validates its settings and follows `sessions.scan`; scanning arrives with the costs issue.
struct SessionsJob: WorkerJob {
    let name = "sessions"
    let topics = ["sessions.scan"]

    func validate(_ configuration: MissionControlConfiguration) throws(ConfigurationError) {
        _ = try configuration.environment.seconds(
            "MC_CLAUDE_SCAN_INTERVAL", default: .seconds(60), in: 1...86_400)
    }

    func run(context: WorkerContext) async throws {
        try await waitUntilCancelled()
    }

    func handleEvent(_ event: IPCEvent, context: WorkerContext) async {
        context.logger.debug("scan requested", metadata: ["mc.topic": "\(event.topic)"])
    }
}
