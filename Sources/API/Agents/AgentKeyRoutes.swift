import Foundation
import Hummingbird
import MCShared

/// `GET`/`POST`/`DELETE /api/agents/{id}/keys`: an agent's API keys (admin).
struct AgentKeyRoutes {
    let service: AgentKeyService

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .get, path: "/api/agents/{id}/keys", access: .role(.admin), summary: "An agent's API keys (never the keys themselves)", tag: "Agents")) { _, context in
            let identity = try context.requireIdentity()
            return try jsonResponse(try await service.list(reference: try AgentRoutes.reference(context), workspaceID: identity.workspaceID))
        }
        routes.add(.init(method: .post, path: "/api/agents/{id}/keys", access: .role(.admin), summary: "Create an agent API key (shown once)", tag: "Agents", successStatus: .created)) { request, context in
            let identity = try context.requireIdentity()
            let reference = try AgentRoutes.reference(context)
            let now = Int64(Date().timeIntervalSince1970)
            let input = try AgentKeyService.CreateInput(try await JSONBody.read(request, required: false), now: now)
            let created = try await service.create(
                reference: reference, input: input, identity: identity, ipAddress: context.clientAddress, now: now)
            return try jsonResponse(created, status: .created)
        }
        routes.add(.init(method: .delete, path: "/api/agents/{id}/keys", access: .role(.admin), summary: "Revoke an agent API key", tag: "Agents")) { request, context in
            let identity = try context.requireIdentity()
            let reference = try AgentRoutes.reference(context)
            let body = try await JSONBody.read(request)
            guard let keyID = body.fields["key_id"]?.intValue, keyID > 0 else {
                throw APIError(.badRequest, "key_id must be a positive integer")
            }
            let revoked = try await service.revoke(
                reference: reference, keyID: Int64(keyID), identity: identity, ipAddress: context.clientAddress,
                now: Int64(Date().timeIntervalSince1970))
            return try jsonResponse(revoked)
        }
    }
}
