import Foundation
import GRDB
import HTTPTypes
import MCShared
import MCWebhooks

/// `POST /api/webhooks/test` and `/api/webhooks/retry` (reference §7.9): a delivery made on
/// request, answered with its outcome like the original. The deliverer worker makes the
/// request; this waits for its report. When no deliverer is connected, or it does not report
/// within `wait`, the answer is 202 with the queued delivery, which goes out when it can.
/// Manual deliveries are not retried and do not count towards the breaker.
struct WebhookManualDelivery: Sendable {
    static let wait: Duration = .seconds(15)

    let database: EventedDatabase
    let waiters: WebhookResultWaiters
    let delivererConnected: @Sendable () -> Bool
    /// Publishes `webhooks.due` (inserts signal by themselves; the retry's update does not).
    let wake: @Sendable () -> Void

    /// Queues a `test.ping` for webhook `id`.
    func test(id: Int64, identity: Identity) async throws -> (status: HTTPResponse.Status, body: JSONValue) {
        let deliveryID = try await database.write { db, _ in
            guard let name = try String.fetchOne(
                db, sql: "SELECT name FROM webhooks WHERE id = ? AND workspace_id = ?", arguments: [id, identity.workspaceID])
            else { throw APIError(.notFound, "Webhook not found") }
            let data: JSONValue = [
                "message": "This is a test webhook from Mission Control", "webhook_id": .number(Double(id)),
                "webhook_name": .string(name), "triggered_by": .string(identity.username),
            ]
            return try WebhookOutbox.insert(
                db, webhookID: id, eventID: nil, type: WebhookEventMapping.testEventType, data: data, automatic: false,
                now: Int64(Date().timeIntervalSince1970), workspaceID: identity.workspaceID)
        }
        return await outcome(of: deliveryID)
    }

    /// Sends delivery `deliveryID` again now, once: the same row, the same `webhook-id`.
    func retry(deliveryID: Int64, identity: Identity) async throws -> (status: HTTPResponse.Status, body: JSONValue) {
        try await database.write { db, _ in
            guard let status = try String.fetchOne(
                db, sql: "SELECT status FROM webhook_deliveries WHERE id = ? AND workspace_id = ?",
                arguments: [deliveryID, identity.workspaceID])
            else { throw APIError(.notFound, "Delivery not found") }
            guard status != "leased" else { throw APIError(.conflict, "This delivery is being sent right now; wait for its result") }
            try db.execute(
                sql: """
                    UPDATE webhook_deliveries SET status = 'pending', automatic = 0, attempt = attempt + 1, is_retry = 1,
                        next_attempt_at = ?, next_retry_at = NULL, updated_at = ? WHERE id = ?
                    """,
                arguments: [Int64(Date().timeIntervalSince1970), Int64(Date().timeIntervalSince1970), deliveryID])
        }
        wake()
        return await outcome(of: deliveryID)
    }

    private func outcome(of deliveryID: Int64) async -> (status: HTTPResponse.Status, body: JSONValue) {
        let queued: JSONValue = [
            "queued": true, "delivery_id": .number(Double(deliveryID)),
            "message": delivererConnected()
                ? "Queued; the deliverer has not reported yet. See /api/webhooks/deliveries for the result."
                : "Queued; the webhook deliverer (mc-worker webhooks) is not running, so it goes out when it starts.",
        ]
        guard delivererConnected() else { return (.accepted, queued) }
        guard let result = await waiters.wait(for: deliveryID, timeout: Self.wait) else { return (.accepted, queued) }
        return (.ok, result)
    }
}
