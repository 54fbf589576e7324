import Foundation
import Hummingbird
import MCShared

/// Direct messages and the comms view (the SOUL routes are `AgentSoulRoutes`).
struct AgentCommsRoutes {
    let messaging: AgentMessaging

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .post, path: "/api/agents/message", access: .role(.operator), summary: "Send a direct message to an agent", tag: "Agents", rateLimit: .init(policy: .mutation, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            var check = AgentInputCheck(try await JSONBody.read(request))
            let recipient = check.string("to", required: true, min: 1, max: 100, minMessage: "Recipient is required")
            let message = check.string("message", required: true, min: 1, max: AgentMessaging.messageLimit, minMessage: "Message is required")
            try check.finish()
            guard let recipient, let message else { throw AgentValidationFailure(details: check.details) }
            try await messaging.send(to: recipient, message: message, identity: identity)
            return try jsonResponse(["success": true])
        }
        routes.add(.init(method: .get, path: "/api/agents/comms", access: .role(.viewer), summary: "Agent-to-agent messages, graph and per-agent counts", tag: "Agents", queryParameters: ["limit", "offset", "since", "agent"])) { request, context in
            let identity = try context.requireIdentity()
            let query = request.uri.queryParameters
            let comms = AgentMessaging.CommsQuery(
                limit: query.get("limit"), offset: query.get("offset"), since: query.get("since"), agent: query.get("agent"))
            return try jsonResponse(try await messaging.comms(comms, workspaceID: identity.workspaceID))
        }
    }
}
