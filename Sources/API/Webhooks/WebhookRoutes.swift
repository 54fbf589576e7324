import Foundation
import Hummingbird
import MCShared

/// `/api/webhooks` (reference §7.9): management (admin), delivery history, verification docs.
struct WebhookRoutes {
    let database: EventedDatabase
    let secrets: SecretBox
    let targets: WebhookURLPolicy
    let manual: WebhookManualDelivery

    func register(on routes: RouteRegistry) {
        registerManual(on: routes, manual: manual)
        let store = WebhookStore(database: database, secrets: secrets)
        let log = WebhookDeliveryLog(database: database)
        let mutation = RouteRateLimit(policy: .mutation, key: .clientAddress)
        routes.add(.init(method: .get, path: "/api/webhooks", access: .role(.admin), summary: "Webhooks with delivery counts and circuit state", tag: "Webhooks")) { _, context in
            let identity = try context.requireIdentity()
            return try jsonResponse(try await store.list(workspaceID: identity.workspaceID))
        }
        routes.add(.init(method: .post, path: "/api/webhooks", access: .role(.admin), summary: "Create a webhook: {name, url, events?, generate_secret?}; the secret is shown once", tag: "Webhooks", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let input = try WebhookInput(try await JSONBody.read(request), creating: true)
            let url = try targets.check(input.url ?? "")
            return try jsonResponse(try await store.create(input, url: url, identity: identity, ipAddress: context.clientAddress))
        }
        routes.add(.init(method: .put, path: "/api/webhooks", access: .role(.admin), summary: "Update a webhook: {id, name?, url?, events?, enabled?, regenerate_secret?, reset_circuit?}", tag: "Webhooks", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request)
            guard let id = try body.integer("id"), id > 0 else { throw APIError(.badRequest, "Webhook ID is required") }
            let input = try WebhookInput(body, creating: false)
            let url = try input.url.map(targets.check)
            return try jsonResponse(try await store.update(id: id, input, url: url, identity: identity, ipAddress: context.clientAddress))
        }
        routes.add(.init(method: .delete, path: "/api/webhooks", access: .role(.admin), summary: "Delete a webhook and its deliveries: {id}", tag: "Webhooks", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            guard let id = try await JSONBody.read(request).integer("id"), id > 0 else {
                throw APIError(.badRequest, "Webhook ID is required")
            }
            return try jsonResponse(try await store.delete(id: id, identity: identity, ipAddress: context.clientAddress))
        }
        routes.add(.init(method: .get, path: "/api/webhooks/deliveries", access: .role(.admin), summary: "Delivery history, newest first", tag: "Webhooks", queryParameters: ["webhook_id", "limit", "offset"])) { request, context in
            let identity = try context.requireIdentity()
            let query = ListQuery(request: request)
            return try jsonResponse(
                try await log.list(
                    webhookID: query.integer("webhook_id"),
                    limit: query.limit(default: WebhookDeliveryLog.defaultLimit, maximum: WebhookDeliveryLog.maximumLimit),
                    offset: query.offset, workspaceID: identity.workspaceID))
        }
        routes.add(.init(method: .get, path: "/api/webhooks/verify-docs", access: .role(.viewer), summary: "How a receiver verifies a delivery's signature", tag: "Webhooks")) { _, _ in
            try jsonResponse(WebhookVerifyDocs.document)
        }
    }
}

extension WebhookRoutes {
    /// `POST /api/webhooks/test` and `/retry`.
    func registerManual(on routes: RouteRegistry, manual: WebhookManualDelivery) {
        routes.add(.init(method: .post, path: "/api/webhooks/test", access: .role(.admin), summary: "Send a test.ping to a webhook now and answer with the outcome: {id}", tag: "Webhooks")) { request, context in
            let identity = try context.requireIdentity()
            guard let id = try await JSONBody.read(request).integer("id"), id > 0 else {
                throw APIError(.badRequest, "Webhook ID is required")
            }
            let (status, body) = try await manual.test(id: id, identity: identity)
            return try jsonResponse(body, status: status)
        }
        routes.add(.init(method: .post, path: "/api/webhooks/retry", access: .role(.admin), summary: "Send a delivery again now, once, and answer with the outcome: {delivery_id}", tag: "Webhooks")) { request, context in
            let identity = try context.requireIdentity()
            guard let id = try await JSONBody.read(request).integer("delivery_id"), id > 0 else {
                throw APIError(.badRequest, "delivery_id is required")
            }
            let (status, body) = try await manual.retry(deliveryID: id, identity: identity)
            return try jsonResponse(body, status: status)
        }
    }
}
