import MCIPC
import MCShared

/// Where leases come from and results go: `mc-api` over the bus in production, a fake in tests.
protocol WebhookLeaseSource: Sendable {
    /// Leases up to `limit` due deliveries, at most `perWebhook` in flight per webhook.
    func lease(limit: Int, perWebhook: Int, leaseSeconds: Int) async throws -> WebhookLeaseBatch
    /// Records one attempt's result; answers what mc-api made of it.
    func report(_ report: WebhookAttemptReport) async throws -> WebhookReportAnswer
}

/// mc-api's answer to a report: `{accepted, status, next_attempt_at}`.
struct WebhookReportAnswer: Sendable, Hashable {
    /// False when the lease was no longer current (the delivery went to someone else).
    var accepted: Bool
    /// The delivery's status now: `succeeded`, `failed` (a retry is scheduled) or `dead`.
    var status: String?

    init(accepted: Bool, status: String?) {
        self.accepted = accepted
        self.status = status
    }

    init(json: JSONValue) {
        self.init(accepted: json["accepted"]?.boolValue ?? false, status: json["status"]?.stringValue)
    }
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

    func report(_ report: WebhookAttemptReport) async throws -> WebhookReportAnswer {
        WebhookReportAnswer(json: try await bus.request("webhooks.report", report.json, timeout: .seconds(10)))
    }
}
