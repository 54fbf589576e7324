import Foundation
import Hummingbird

/// `GET /api/activities` and its `?stats` form (reference §7.6).
struct ActivityRoutes {
    let feed: ActivityFeed
    let stats: ActivityStats

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .get, path: "/api/activities", access: .role(.viewer), summary: "Activity feed, or ?stats for counts and an hourly timeline", tag: "Activities", queryParameters: ["type", "actor", "entity_type", "entity_id", "since", "limit", "offset", "stats", "hours"])) { request, context in
            let identity = try context.requireIdentity()
            let query = ListQuery(request: request)
            if query.has("stats") {
                let hours = query.positive("hours", default: ActivityStats.defaultHours, maximum: ActivityStats.maximumHours)
                return try jsonResponse(try await stats.report(hours: hours, workspaceID: identity.workspaceID))
            }
            let types = (query.string("type") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let filter = ActivityFeed.Filter(
                types: types, actor: query.string("actor"), entityType: query.string("entity_type"),
                entityID: query.integer("entity_id"), since: query.integer("since"),
                limit: query.limit(default: ActivityFeed.defaultLimit, maximum: ActivityFeed.maximumLimit),
                offset: query.offset)
            return try jsonResponse(try await feed.list(filter, workspaceID: identity.workspaceID))
        }
    }
}
