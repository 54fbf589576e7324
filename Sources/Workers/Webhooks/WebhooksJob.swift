import Logging
import MCIPC
import MCShared

/// `mc-worker webhooks`: the outbound webhook deliverer. On this runtime today it validates
/// its settings and follows `webhooks.due`; leasing and delivery arrive with the webhook issue.
struct WebhooksJob: WorkerJob {
    let name = "webhooks"
    let topics = ["webhooks.due"]

    func validate(_ configuration: MissionControlConfiguration) throws(ConfigurationError) {
        _ = try configuration.environment.flag("MC_WEBHOOK_ALLOW_PRIVATE")
    }

    func run(context: WorkerContext) async throws {
        try await waitUntilCancelled()
    }

    func handleEvent(_ event: IPCEvent, context: WorkerContext) async {
        context.logger.debug("deliveries due", metadata: ["mc.topic": "\(event.topic)"])
    }
}
