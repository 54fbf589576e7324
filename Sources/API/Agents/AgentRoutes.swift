import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// The agent routes (reference §7.4 and the agent-key rows of §7.1). Handlers decode, call a
/// service and encode; rules and SQL live in the services.
struct AgentRoutes {
    let database: EventedDatabase

    func register(on routes: RouteRegistry) {
        registerCollection(on: routes)
        registerMember(on: routes)
        AgentHeartbeatRoutes(service: AgentHeartbeatService(database: database)).register(on: routes)
        AgentKeyRoutes(service: AgentKeyService(database: database)).register(on: routes)
        AgentCommsRoutes(messaging: AgentMessaging(database: database)).register(on: routes)
    }

    /// The agent a route's `{id}` names (id or name).
    static func reference(_ context: APIContext) throws -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw APIError(.notFound, "Agent not found") }
        return id
    }

    private func registerCollection(on routes: RouteRegistry) {
        let service = AgentService(database: database)
        let directory = AgentDirectory(database: database)
        let registration = AgentRegistration(database: database)
        routes.add(.init(method: .get, path: "/api/agents", access: .role(.viewer), summary: "List agents with their task counts", tag: "Agents", queryParameters: ["status", "role", "show_hidden", "limit", "offset"])) { request, context in
            let identity = try context.requireIdentity()
            let query = request.uri.queryParameters
            let filter = AgentDirectory.Query(
                status: query.get("status"), role: query.get("role"), showHidden: query.get("show_hidden"),
                limit: query.get("limit"), offset: query.get("offset"))
            return try jsonResponse(try await directory.list(filter, workspaceID: identity.workspaceID))
        }
        routes.add(.init(method: .post, path: "/api/agents", access: .role(.operator), summary: "Create an agent", tag: "Agents", successStatus: .created, rateLimit: .init(policy: .mutation, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let input = try AgentCreateInput(try await JSONBody.read(request))
            return try jsonResponse(["agent": try await service.create(input, actor: identity)], status: .created)
        }
        routes.add(.init(method: .put, path: "/api/agents", access: .role(.operator), summary: "Update an agent by name (status, activity, config, role…)", tag: "Agents", rateLimit: .init(policy: .mutation, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            try await service.update(try AgentService.NamedUpdate(try await JSONBody.read(request)), actor: identity)
            return try jsonResponse(["success": true])
        }
        routes.add(.init(method: .post, path: "/api/agents/register", access: .role(.viewer), summary: "Agent self-registration (idempotent)", tag: "Agents", successStatus: .created, rateLimit: .init(policy: .selfRegister, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let input = try AgentRegistration.Input(try await JSONBody.read(request))
            let (body, created) = try await registration.register(input, identity: identity, ipAddress: context.clientAddress)
            return try jsonResponse(body, status: created ? .created : .ok)
        }
    }

    private func registerMember(on routes: RouteRegistry) {
        let service = AgentService(database: database)
        let database = self.database
        routes.add(.init(method: .get, path: "/api/agents/{id}", access: .role(.viewer), summary: "One agent, by id or name", tag: "Agents")) { _, context in
            let identity = try context.requireIdentity()
            let reference = try Self.reference(context)
            // With the list's `taskStats` (an addition: the original's detail had none).
            let agent = try await database.read { db in
                let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
                var fields = agent.json
                fields["taskStats"] =
                    try AgentDirectory.taskStats(db, names: [agent.name], workspaceID: identity.workspaceID)[agent.name]
                    ?? AgentDirectory.emptyTaskStats
                return fields
            }
            return try jsonResponse(["agent": JSONValue.object(agent)])
        }
        routes.add(.init(method: .put, path: "/api/agents/{id}", access: .role(.operator), summary: "Change an agent's role or merge gateway_config into its config", tag: "Agents")) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request)
            if body.fields["write_to_gateway"] == .bool(true) { throw AgentCreateInput.unsupported("write_to_gateway") }
            let role = try AgentService.NamedUpdate.role(body)
            var gatewayConfig: [String: JSONValue]?
            switch body.fields["gateway_config"] {
            case nil, .null?: break
            case .object(let fields)?: gatewayConfig = fields
            default: throw APIError(.badRequest, "gateway_config must be an object")
            }
            guard role != nil || gatewayConfig != nil else { throw APIError(.badRequest, "No fields to update") }
            let agent = try await service.updateConfig(
                reference: try Self.reference(context), role: role, gatewayConfig: gatewayConfig, actor: identity)
            return try jsonResponse(["success": true, "agent": agent])
        }
        routes.add(.init(method: .delete, path: "/api/agents/{id}", access: .role(.admin), summary: "Delete an agent and its API keys", tag: "Agents")) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request, required: false)
            if body.fields["remove_workspace"] == .bool(true) { throw AgentCreateInput.unsupported("remove_workspace") }
            let name = try await service.delete(reference: try Self.reference(context), actor: identity)
            return try jsonResponse(["success": true, "deleted": .string(name), "remove_workspace": false] as JSONValue)
        }
    }
}
