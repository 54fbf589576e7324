import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// `POST /api/standup` and `GET /api/standup` (reference §7.7).
struct StandupRoutes {
    let service: StandupService

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .post, path: "/api/standup", access: .role(.operator), summary: "Generate (and store as the workspace's report of that day) the standup report for `date` (YYYY-MM-DD, default today UTC), optionally for some `agents`", tag: "Reports")) { request, context in
            let identity = try context.requireIdentity()
            let input = try StandupInput(try await JSONBody.read(request, required: false))
            return try jsonResponse(["standup": try await service.generate(input, actor: identity)])
        }
        routes.add(.init(method: .get, path: "/api/standup", access: .role(.viewer), summary: "Stored standup reports of the workspace, newest first: {history[{id,date,generatedAt,summary,agentCount}], total, page, limit}", tag: "Reports", queryParameters: ["limit", "offset"])) { request, context in
            let identity = try context.requireIdentity()
            let list = ListQuery(request: request)
            let limit = list.limit(default: StandupService.defaultLimit, maximum: StandupService.maximumLimit)
            return try jsonResponse(try await service.history(limit: limit, offset: list.offset, workspaceID: identity.workspaceID))
        }
    }
}
