import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// Derived reports: the daily standup, task regression metrics, and an agent's attribution
/// and diagnostics (reference §7.2, §7.4, §7.7, §9.6, §9.14).
struct ReportRoutes {
    let database: EventedDatabase

    /// OpenAPI summaries; they list the response fields.
    static let regressionSummary =
        "Task latency (nearest-rank p50/p95, avg) and intervention rate before vs after beta_start (unix s or "
        + "ISO 8601, required, not future): {metric_definitions, params, windows{baseline,post}, deltas}"
    static let attributionSummary =
        "Self-scoped (agent key or same-named user; admins with privileged=1) attribution over `hours` "
        + "(1..720, default 24): {agent_name, timeframe{hours,since,until}, access_scope, identity{id, name, role, "
        + "status, last_seen, last_activity, created_at, runtime_type, session_key (masked), has_soul, config_keys, "
        + "api_keys{total,active}, lifetime_stats}, audit{total,entries}, mutations{total, by_type, activities, "
        + "comments}, cost{total,by_model,daily_trend}}; `section` csv picks sections"
    static let diagnosticsSummary =
        "Self-scoped (as attribution) diagnostics over `hours`: {agent{id,name,role,status}, agent_name, timeframe, "
        + "access_scope, summary{status, last_seen, seconds_since_heartbeat, tasks_by_status, tasks_total, "
        + "tasks_completed, activity_count, error_count, error_rate_percent}, tasks{total,open}, errors{total, "
        + "task_errors, activity_errors{by_type,recent}}, activity{total,by_type}, trends{bucket_seconds, "
        + "hourly[{hour,count}]}, tokens{total,by_model,daily_trend}}; `section` csv picks sections"

    func register(on routes: RouteRegistry) {
        StandupRoutes(service: StandupService(database: database)).register(on: routes)
        let regression = RegressionReport(database: database)
        routes.add(.init(method: .get, path: "/api/tasks/regression", access: .role(.viewer), summary: Self.regressionSummary, tag: "Tasks", queryParameters: ["beta_start", "cutover", "lookback_seconds"], rateLimit: .init(policy: .read, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let query = request.uri.queryParameters
            let now = Int64(Date().timeIntervalSince1970)
            // `cutover` is the original's alias, used when `beta_start` is absent or empty.
            let raw = [query.get("beta_start"), query.get("cutover")].compactMap { $0 }.first { !$0.isEmpty }
            let betaStart = try RegressionMetrics.betaStart(raw, now: now)
            let lookback = RegressionMetrics.lookback(query.get("lookback_seconds"))
            return try jsonResponse(
                try await regression.report(betaStart: betaStart, lookback: lookback, workspaceID: identity.workspaceID, now: now))
        }
        let attribution = AgentAttribution(database: database)
        routes.add(.init(method: .get, path: "/api/agents/{id}/attribution", access: .role(.viewer), summary: Self.attributionSummary, tag: "Agents", queryParameters: ["hours", "section", "privileged"])) { request, context in
            let identity = try context.requireIdentity()
            return try jsonResponse(
                try await attribution.report(
                    reference: try AgentRoutes.reference(context), identity: identity, query: Self.query(request),
                    now: Int64(Date().timeIntervalSince1970)))
        }
        let diagnostics = AgentDiagnostics(database: database)
        routes.add(.init(method: .get, path: "/api/agents/{id}/diagnostics", access: .role(.viewer), summary: Self.diagnosticsSummary, tag: "Agents", queryParameters: ["hours", "section", "privileged"])) { request, context in
            let identity = try context.requireIdentity()
            return try jsonResponse(
                try await diagnostics.report(
                    reference: try AgentRoutes.reference(context), identity: identity, query: Self.query(request),
                    now: Int64(Date().timeIntervalSince1970)))
        }
    }

    private static func query(_ request: Request) -> AgentReportQuery {
        let query = request.uri.queryParameters
        return AgentReportQuery(privileged: query.get("privileged"), hours: query.get("hours"), section: query.get("section"))
    }
}
