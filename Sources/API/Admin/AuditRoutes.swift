import Hummingbird

/// `GET /api/audit` (reference §7.6).
struct AuditRoutes {
    let audit: AuditQuery

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .get, path: "/api/audit", access: .role(.admin), summary: "Audit log of the caller's workspace", tag: "Audit", queryParameters: ["action", "actor", "since", "until", "limit", "offset"])) { request, context in
            let identity = try context.requireIdentity()
            let query = ListQuery(request: request)
            let filter = AuditQuery.Filter(
                action: query.string("action"), actor: query.string("actor"), since: query.integer("since"),
                until: query.integer("until"),
                limit: query.limit(default: AuditQuery.defaultLimit, maximum: AuditQuery.maximumLimit), offset: query.offset)
            return try jsonResponse(try await audit.run(filter, workspaceID: identity.workspaceID))
        }
    }
}
