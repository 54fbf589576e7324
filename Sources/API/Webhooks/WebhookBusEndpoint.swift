import Foundation
import MCIPC
import MCShared
import NIOConcurrencyHelpers

/// `webhooks.lease` and `webhooks.report` on the bus. Like the liveness endpoint, it exists
/// before the database does and is attached once it is built.
final class WebhookBusEndpoint: Sendable {
    static let leaseMethod = "webhooks.lease"
    static let reportMethod = "webhooks.report"
    /// The topic the deliverer subscribes to; published after commits that queued deliveries.
    static let dueTopic = "webhooks.due"

    private let leases = NIOLockedValueBox<WebhookLeases?>(nil)

    func attach(_ leases: WebhookLeases) { self.leases.withLockedValue { $0 = leases } }

    /// Answers one of the two methods.
    func handle(method: String, body: JSONValue) async throws(IPCError) -> JSONValue {
        guard let leases = leases.withLockedValue({ $0 }) else { throw IPCError(.unavailable, "mc-api is still starting") }
        do {
            switch method {
            case Self.leaseMethod:
                let limit = min(max(body["limit"]?.intValue ?? WebhookLeases.defaultLimit, 1), WebhookLeases.maximumLimit)
                let perWebhook = min(
                    max(body["per_webhook"]?.intValue ?? WebhookLeases.defaultPerWebhook, 1), WebhookLeases.maximumPerWebhook)
                let seconds = Int64(body["lease_seconds"]?.intValue ?? Int(WebhookLeases.defaultLeaseSeconds))
                let lease = min(max(seconds, WebhookLeases.leaseSecondsRange.lowerBound), WebhookLeases.leaseSecondsRange.upperBound)
                return try await leases.lease(limit: limit, perWebhook: perWebhook, leaseSeconds: lease)
            default:
                guard let id = body["delivery_id"]?.intValue, let token = body["lease"]?.stringValue else {
                    throw IPCError(.badRequest, "webhooks.report needs delivery_id and lease")
                }
                let outcome = WebhookLeases.Outcome(
                    deliveryID: Int64(id), lease: token, statusCode: body["status_code"]?.intValue,
                    error: body["error"]?.stringValue, durationMs: Int64(body["duration_ms"]?.intValue ?? 0),
                    responseBody: body["response_body"]?.stringValue)
                return try await leases.report(outcome)
            }
        } catch let error as IPCError {
            throw error
        } catch {
            throw IPCError(.internal, "\(method) failed: \(error)")
        }
    }
}
