import HTTPTypes
import Hummingbird

/// `GET /api/search` (reference §7.6, §9.5).
struct SearchRoutes {
    let index: SearchIndex

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .get, path: "/api/search", access: .role(.viewer), summary: "Search tasks, comments, agents, activities, messages and (admins) audit rows", tag: "Search", queryParameters: ["q", "type", "limit"], rateLimit: .init(policy: .heavy, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let query = ListQuery(request: request)
            guard let text = query.string("q"), text.count >= SearchQuery.minimumLength else {
                throw APIError(.badRequest, "Query must be at least \(SearchQuery.minimumLength) characters")
            }
            return try jsonResponse(
                try await index.search(
                    text, type: query.string("type"),
                    limit: query.limit(default: SearchIndex.defaultLimit, maximum: SearchIndex.maximumLimit),
                    includeAudit: identity.role == .admin,
                    workspaceID: identity.workspaceID))
        }
    }
}
