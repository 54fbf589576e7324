import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// `/api/notifications` GET/PUT/DELETE/POST (reference §7.6). Delivery through the gateway
/// (`/api/notifications/deliver`) belongs to the gateway integration and is not here.
struct NotificationRoutes {
    let inbox: NotificationInbox

    func register(on routes: RouteRegistry) {
        let mutation = RouteRateLimit(policy: .mutation, key: .clientAddress)
        routes.add(.init(method: .get, path: "/api/notifications", access: .role(.viewer), summary: "A recipient's notifications (non-admins: their own, or an agent's)", tag: "Notifications", queryParameters: ["recipient", "unread_only", "type", "limit", "offset"])) { request, context in
            let identity = try context.requireIdentity()
            let query = ListQuery(request: request)
            guard let recipient = query.string("recipient") else { throw APIError(.badRequest, "Recipient is required") }
            try await inbox.authorizeRead(identity, recipient: recipient)
            let filter = NotificationInbox.Filter(
                recipient: recipient, unreadOnly: query.string("unread_only") == "true", type: query.string("type"),
                limit: query.limit(default: NotificationInbox.defaultLimit, maximum: NotificationInbox.maximumLimit),
                offset: query.offset)
            return try jsonResponse(try await inbox.list(filter, workspaceID: identity.workspaceID))
        }
        routes.add(.init(method: .put, path: "/api/notifications", access: .role(.operator), summary: "Mark notifications read: {ids} or {recipient, markAllRead}", tag: "Notifications", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request)
            let ids = try Self.ids(body)
            let recipient = try body.string("recipient")
            if ids == nil {
                guard let recipient, try body.bool("markAllRead") == true else {
                    throw APIError(.badRequest, "Provide ids, or recipient with markAllRead")
                }
                try NotificationInbox.authorize(identity, recipient: recipient)
            }
            let marked = try await inbox.markRead(ids: ids, recipient: recipient, by: identity)
            return try jsonResponse(["success": true, "markedAsRead": .number(Double(marked))] as JSONValue)
        }
        routes.add(.init(method: .delete, path: "/api/notifications", access: .role(.admin), summary: "Delete notifications: {ids} or {recipient, olderThan}", tag: "Notifications", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request)
            let ids = try Self.ids(body)
            let recipient = try body.string("recipient")
            let olderThan = try body.integer("olderThan")
            guard ids != nil || (recipient != nil && olderThan != nil) else {
                throw APIError(.badRequest, "Provide ids, or recipient with olderThan")
            }
            let deleted = try await inbox.delete(ids: ids, recipient: recipient, olderThan: olderThan, workspaceID: identity.workspaceID)
            return try jsonResponse(["success": true, "deleted": .number(Double(deleted))] as JSONValue)
        }
        routes.add(.init(method: .post, path: "/api/notifications", access: .role(.operator), summary: "Mark an agent's notifications delivered: {action:'mark-delivered', agent}", tag: "Notifications", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request)
            guard try body.string("action") == "mark-delivered" else { throw APIError(.badRequest, "action must be 'mark-delivered'") }
            guard let agent = try body.string("agent"), !agent.isEmpty else { throw APIError(.badRequest, "agent is required") }
            try NotificationInbox.authorize(identity, recipient: agent)
            let rows = try await inbox.markDelivered(agent: agent, workspaceID: identity.workspaceID)
            return try jsonResponse(["success": true, "delivered": .number(Double(rows.count)), "notifications": .array(rows)] as JSONValue)
        }
    }

    /// The `ids` array: nil when absent, 400 unless every element is an integer.
    static func ids(_ body: JSONBody) throws -> [Int64]? {
        guard let value = body.fields["ids"], value != .null else { return nil }
        guard case .array(let items) = value else { throw APIError(.badRequest, "ids must be an array of integers") }
        return try items.map { item in
            guard case .number(let number) = item, number.rounded() == number, abs(number) < 9.0e15 else {
                throw APIError(.badRequest, "ids must be an array of integers")
            }
            return Int64(number)
        }
    }
}
