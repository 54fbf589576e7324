import Foundation
import Hummingbird
import MCShared

/// Routes that reach agents: wake, task broadcast and notification delivery (reference §7.2,
/// §7.4, §7.6). Everything is delivered through the agents' heartbeat work items; see each
/// service for how that differs from the original's gateway push.
struct DeliveryRoutes {
    /// Longest wake or broadcast message, in characters.
    static let messageLimit = AgentMessaging.messageLimit

    let database: EventedDatabase

    func register(on routes: RouteRegistry) {
        let wake = AgentWakeService(database: database)
        let broadcast = TaskBroadcastService(database: database)
        let delivery = NotificationDeliveryReport(database: database)
        routes.add(.init(method: .post, path: "/api/agents/{id}/wake", access: .role(.operator), summary: "Wake an agent: a `wake` notification it receives with its next heartbeat; body {message?}", tag: "Agents")) { request, context in
            let identity = try context.requireIdentity()
            let reference = try AgentRoutes.reference(context)
            let body = try await JSONBody.read(request, required: false)
            let message = try Self.message(body, required: false)
            return try jsonResponse(try await wake.wake(reference: reference, message: message, identity: identity))
        }
        routes.add(.init(method: .post, path: "/api/tasks/{id}/broadcast", access: .role(.operator), summary: "Send a message to every agent subscribed to a task (as notifications); body {message}", tag: "Tasks")) { request, context in
            let identity = try context.requireIdentity()
            let taskID = try TaskRoutes.taskID(context)
            let body = try await JSONBody.read(request)
            let message = try Self.message(body, required: true) ?? ""
            return try jsonResponse(try await broadcast.broadcast(taskID: taskID, message: message, identity: identity))
        }
        routes.add(.init(method: .get, path: "/api/notifications/deliver", access: .role(.viewer), summary: "Delivery statistics of agent notifications", tag: "Notifications", queryParameters: ["agent"])) { request, context in
            let identity = try context.requireIdentity()
            let agent = request.uri.queryParameters.get("agent").flatMap { $0.isEmpty ? nil : $0 }
            return try jsonResponse(try await delivery.statistics(agent: agent, workspaceID: identity.workspaceID))
        }
        routes.add(.init(method: .post, path: "/api/notifications/deliver", access: .role(.operator), summary: "Preview pending agent notifications ({dry_run:true}); a push needs a gateway connection and answers 503", tag: "Notifications")) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request, required: false)
            let agent = try body.string("agent_filter").flatMap { $0.isEmpty ? nil : $0 }
            let limit = try Self.limit(body.integer("limit"))
            guard try body.bool("dry_run") == true else {
                throw APIError(.serviceUnavailable, NotificationDeliveryReport.noPushChannel)
            }
            return try jsonResponse(try await delivery.preview(agent: agent, limit: limit, workspaceID: identity.workspaceID))
        }
    }

    /// The trimmed `message` field: 400 "Message is required" when required and empty, 400 when
    /// longer than `messageLimit`.
    static func message(_ body: JSONBody, required: Bool) throws -> String? {
        let text = try body.string("message")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty {
            if required { throw APIError(.badRequest, "Message is required") }
            return nil
        }
        guard text.count <= messageLimit else {
            throw APIError(.badRequest, "Message must be at most \(messageLimit) characters")
        }
        return text
    }

    /// `limit`: default 50, 1...500.
    static func limit(_ value: Int64?) throws -> Int {
        guard let value else { return NotificationDeliveryReport.defaultLimit }
        guard value >= 1, value <= Int64(NotificationDeliveryReport.maximumLimit) else {
            throw APIError(.badRequest, "limit must be an integer between 1 and \(NotificationDeliveryReport.maximumLimit)")
        }
        return Int(value)
    }
}
