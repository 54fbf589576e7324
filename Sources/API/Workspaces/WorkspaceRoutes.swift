import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// Workspace routes (reference §7.3, workspaces rows) and `GET /api/mentions` (§7.6). Every
/// workspace route works within the caller's tenant; another tenant's workspace is a 404.
struct WorkspaceRoutes {
    let database: EventedDatabase

    func register(on routes: RouteRegistry) {
        let commands = WorkspaceCommands(database: database)
        routes.add(.init(method: .get, path: "/api/workspaces", access: .role(.viewer), summary: "The tenant's workspaces", tag: "Workspaces")) { _, context in
            let identity = try context.requireIdentity()
            let list = try await database.read { db in try WorkspaceQueries.list(db, tenantID: identity.tenantID) }
            return jsonValueResponse([
                "workspaces": .array(list), "active_workspace_id": .number(Double(identity.workspaceID)),
                "tenant_id": .number(Double(identity.tenantID)),
            ])
        }
        routes.add(.init(method: .post, path: "/api/workspaces", access: .role(.admin), summary: "Create a workspace (with its General project)", tag: "Workspaces", successStatus: .created)) { request, context in
            let identity = try context.requireIdentity()
            let input = try WorkspaceInput(try await JSONBody.read(request).fields, allowSlug: true)
            let workspace = try await commands.create(input, by: identity, ip: context.clientAddress)
            return jsonValueResponse(["workspace": workspace], status: .created)
        }
        routes.add(.init(method: .get, path: "/api/workspaces/{id}", access: .role(.viewer), summary: "One workspace with its agent count", tag: "Workspaces")) { _, context in
            let identity = try context.requireIdentity()
            let id = try Self.workspaceID(context)
            let workspace = try await database.read { db in try WorkspaceQueries.detail(db, id: id, tenantID: identity.tenantID) }
            return jsonValueResponse(["workspace": workspace])
        }
        routes.add(.init(method: .put, path: "/api/workspaces/{id}", access: .role(.admin), summary: "Rename or rebrand a workspace", tag: "Workspaces")) { request, context in
            let identity = try context.requireIdentity()
            let id = try Self.workspaceID(context)
            let input = try WorkspaceInput(try await JSONBody.read(request).fields, allowSlug: false)
            let workspace = try await commands.update(id: id, input, by: identity, ip: context.clientAddress)
            return jsonValueResponse(["workspace": workspace])
        }
        routes.add(.init(method: .delete, path: "/api/workspaces/{id}", access: .role(.admin), summary: "Delete a workspace, moving its rows to the default workspace", tag: "Workspaces")) { _, context in
            let identity = try context.requireIdentity()
            let result = try await commands.delete(id: try Self.workspaceID(context), by: identity, ip: context.clientAddress)
            return jsonValueResponse([
                "success": true, "deleted": .string(result.name), "agents_moved_to": .number(Double(result.movedTo)),
            ])
        }
        routes.add(.init(method: .get, path: "/api/mentions", access: .role(.viewer), summary: "Users and agents that can be @mentioned", tag: "Workspaces", queryParameters: ["q", "type", "limit"])) { request, context in
            let identity = try context.requireIdentity()
            let parameters = request.uri.queryParameters
            let query = try MentionCandidates.Query(
                q: parameters.get("q"), type: parameters.get("type"), limit: parameters.get("limit"))
            let found = try await database.read { db in
                try MentionCandidates.search(db, workspaceID: identity.workspaceID, query: query)
            }
            return jsonValueResponse([
                "mentions": .array(found.mentions), "total": .number(Double(found.total)),
                "q": .string(parameters.get("q") ?? ""),
            ])
        }
    }

    /// The `{id}` path parameter as a positive id; anything else is a 404 like a missing one.
    static func workspaceID(_ context: APIContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIError(.notFound, "Workspace not found")
        }
        return id
    }
}
