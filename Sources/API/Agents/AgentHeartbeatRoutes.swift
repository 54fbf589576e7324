import Foundation
import Hummingbird
import MCShared

/// `GET` (read-only work check) and `POST` (record) `/api/agents/{id}/heartbeat`.
struct AgentHeartbeatRoutes {
    let service: AgentHeartbeatService

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .get, path: "/api/agents/{id}/heartbeat", access: .role(.viewer), summary: "An agent's waiting work items (read-only)", tag: "Agents")) { _, context in
            let identity = try context.requireIdentity()
            return try jsonResponse(JSONValue.object(try await service.check(reference: try AgentRoutes.reference(context), identity: identity)))
        }
        routes.add(.init(method: .post, path: "/api/agents/{id}/heartbeat", access: .role(.operator), summary: "Record a heartbeat (status, token usage) and get work items", tag: "Agents", rateLimit: .init(policy: .agentHeartbeat, key: .agent))) { request, context in
            let identity = try context.requireIdentity()
            let reference = try AgentRoutes.reference(context)
            // Scope before reading the body: another agent's heartbeat is refused whatever it says.
            try AgentHeartbeatService.authorize(reference: reference, identity: identity)
            let input = try AgentHeartbeatInput(try await JSONBody.read(request, required: false))
            return try jsonResponse(JSONValue.object(try await service.record(reference: reference, input: input, identity: identity)))
        }
    }
}
