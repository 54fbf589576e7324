import MCIPC
import MCShared

/// Where leases come from and results go: `mc-api` over the bus in production, a fake in tests.
protocol WebhookLeaseSource: Sendable {
    /// Leases up to `limit` due deliveries, at most `perWebhook` in flight per webhook.
    func lease(limit: Int, perWebhook: Int, leaseSeconds: Int) async throws -> WebhookLeaseBatch
    /// Records one attempt's result.
    func report(_ report: WebhookAttemptReport) async throws
}

/// `webhooks.lease` and `webhooks.report` on the bus to `mc-api`.
struct BusWebhookLeaseSource: WebhookLeaseSource {
    let bus: ReconnectingIPCClient

    func lease(limit: Int, perWebhook: Int, leaseSeconds: Int) async throws -> WebhookLeaseBatch {
        let body: JSONValue = [
            "limit": .number(Double(limit)), "per_webhook": .number(Double(perWebhook)),
            "lease_seconds": .number(Double(leaseSeconds)),
        ]
        return WebhookLeaseBatch(json: try await bus.request("webhooks.lease", body, timeout: .seconds(10)))
    }

    func report(_ report: WebhookAttemptReport) async throws {
        _ = try await bus.request("webhooks.report", report.json, timeout: .seconds(10))
    }
}
