import Foundation
import Hummingbird
import MCShared

/// `GET` / `POST /api/agents/sync` (reference §7.4): preview and apply OpenClaw's agent list.
struct AgentSyncRoutes {
    let database: EventedDatabase
    let environment: EnvironmentReader

    func register(on routes: RouteRegistry) {
        let service = AgentSyncService(database: database, paths: OpenClawPaths(environment: environment))
        let isolation = WorkspaceIsolation(database: database)
        let local = LocalAgentSync(database: database, roots: LocalAgentSync.roots(environment: environment))
        routes.add(.init(method: .get, path: "/api/agents/sync", access: .role(.admin), summary: "Preview what syncing agents from openclaw.json would create and update", tag: "Agents")) { request, context in
            let identity = try context.requireIdentity()
            try await isolation.require(
                .runtimeConfiguration, route: "/api/agents/sync", identity: identity, ipAddress: context.clientAddress)
            return try jsonResponse(try await service.preview(workspaceID: identity.workspaceID))
        }
        routes.add(.init(method: .post, path: "/api/agents/sync", access: .role(.admin), summary: "Sync agents from openclaw.json, or from local agent folders with ?source=local", tag: "Agents", queryParameters: ["source"])) { request, context in
            let identity = try context.requireIdentity()
            try await isolation.require(
                .runtimeConfiguration, route: "/api/agents/sync", identity: identity, ipAddress: context.clientAddress)
            switch request.uri.queryParameters.get("source") ?? "openclaw" {
            case "openclaw", "gateway", "":
                return try jsonResponse(try await service.sync(identity: identity, ipAddress: context.clientAddress))
            case "local":
                return try jsonResponse(try await local.sync(identity: identity, ipAddress: context.clientAddress))
            case let other:
                throw APIError(.badRequest, "Unknown source \"\(other)\"; use openclaw or local")
            }
        }
    }
}
