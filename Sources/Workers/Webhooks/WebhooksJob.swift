import Logging
import MCIPC
import MCShared
import MCWebhooks

/// `mc-worker webhooks`: the outbound webhook deliverer. It leases due deliveries from mc-api
/// (`webhooks.lease`), sends them, and reports each result (`webhooks.report`); see
/// `WebhookDeliverer`. Woken by the bus topic `webhooks.due`, and after every reconnection to
/// mc-api (due events published while it was away are not replayed).
struct WebhooksJob: WorkerJob {
    let name = "webhooks"
    let topics = ["webhooks.due"]
    /// Shared by the loop and the event handler, which the runtime calls separately.
    let signal = WebhookWakeSignal()

    func validate(_ configuration: MissionControlConfiguration) throws(ConfigurationError) {
        _ = try WebhookDelivererSettings(environment: configuration.environment)
    }

    func run(context: WorkerContext) async throws {
        let settings = try WebhookDelivererSettings(environment: context.configuration.environment)
        if settings.targetGuard.allowPrivate {
            context.logger.warning(
                "MC_WEBHOOK_ALLOW_PRIVATE=1: webhooks may target loopback, private and CGNAT addresses")
        }
        context.logger.info(
            "webhook deliverer starting",
            metadata: ["mc.concurrency": "\(settings.concurrency)", "mc.per_webhook": "\(settings.perWebhook)"])
        await context.bus.onConnected { [signal] _ in signal.wake() }
        let clients = WebhookHTTPClients(timeout: settings.requestTimeout)
        let deliverer = WebhookDeliverer(
            source: BusWebhookLeaseSource(bus: context.bus), sender: WebhookSender(settings: settings, clients: clients),
            logger: context.logger, signal: signal)
        await deliverer.run()
        await clients.shutdown()
    }

    func handleEvent(_ event: IPCEvent, context: WorkerContext) async {
        signal.wake()
    }
}
