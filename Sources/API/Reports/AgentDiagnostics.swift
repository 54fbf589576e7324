import Foundation
import GRDB
import MCShared

/// `GET /api/agents/{id}/diagnostics` (reference §7.4): an agent's health and workload for
/// self-checks — liveness and task counts, open tasks, recent errors, activity by type, an
/// hourly activity trend and token use over the last `hours` hours.
struct AgentDiagnostics: Sendable {
    let database: EventedDatabase

    static let sections = ["summary", "tasks", "errors", "activity", "trends", "tokens"]
    static let openTaskLimit = 50
    static let errorLimit = 50
    /// Activity types that mean something went wrong (as the original's workload report).
    static let errorTypeSQL = "(type LIKE '%error%' OR type LIKE '%fail%')"

    /// The report for `reference` (id or name) in the caller's workspace, after the access check.
    func report(reference: String, identity: Identity, query: AgentReportQuery, now: Int64) async throws -> JSONValue {
        try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let access = try query.scope(identity: identity, agent: agent, report: "diagnostics", sections: Self.sections)
            let (since, until) = access.window(now: now)
            var result: [String: JSONValue] = [
                "agent": ["id": .number(Double(agent.id)), "name": .string(agent.name), "role": .string(agent.role), "status": .string(agent.status)],
                "agent_name": .string(agent.name),
                "timeframe": ["hours": ReportRows.count(access.hours), "since": .number(Double(since)), "until": .number(Double(until))],
                "access_scope": .string(access.scope),
            ]
            let scope = Scope(agent: agent.name, workspaceID: identity.workspaceID, since: since, now: now)
            for section in access.sections {
                switch section {
                case "summary": result[section] = try Self.summary(db, agent, scope)
                case "tasks": result[section] = try Self.tasks(db, scope)
                case "errors": result[section] = try Self.errors(db, scope)
                case "activity": result[section] = try Self.activity(db, scope)
                case "trends": result[section] = try Self.trends(db, scope)
                default: result[section] = try AgentTokenUsage.report(db, agent: agent.name, workspaceID: scope.workspaceID, since: since)
                }
            }
            return .object(result)
        }
    }

    /// What every section filters on.
    struct Scope {
        var agent: String
        var workspaceID: Int64
        var since: Int64
        var now: Int64
        /// Activities of the agent in the window: `FROM activities WHERE …` and its arguments.
        var activities: (sql: String, arguments: StatementArguments) {
            ("FROM activities WHERE workspace_id = ? AND \(ReportRows.actorMatchSQL) AND created_at >= ?", [workspaceID, agent, agent, since])
        }
    }

    /// Liveness and counts: `{status, last_seen, seconds_since_heartbeat, tasks_by_status,
    /// tasks_total, tasks_completed, activity_count, error_count, error_rate_percent}`.
    static func summary(_ db: Database, _ agent: AgentRecord, _ scope: Scope) throws -> JSONValue {
        let byStatus = try Row.fetchAll(
            db, sql: "SELECT status, COUNT(*) AS count FROM tasks WHERE assigned_to = ? AND workspace_id = ? GROUP BY status",
            arguments: [scope.agent, scope.workspaceID])
        var counts: [String: JSONValue] = [:]
        var total = 0
        for row in byStatus {
            let count: Int = row["count"]
            counts[row["status"]] = ReportRows.count(count)
            total += count
        }
        let completed = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM tasks WHERE assigned_to = ? AND workspace_id = ? AND status = 'done' AND COALESCE(completed_at, updated_at) >= ?",
            arguments: [scope.agent, scope.workspaceID, scope.since]) ?? 0
        let activities = scope.activities
        let activityCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(activities.sql)", arguments: activities.arguments) ?? 0
        let errorCount = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) \(activities.sql) AND \(errorTypeSQL)", arguments: activities.arguments) ?? 0
        return [
            "status": .string(agent.status),
            "last_seen": agent.lastSeen.map { .number(Double($0)) } ?? .null,
            "seconds_since_heartbeat": agent.lastSeen.map { .number(Double(max(0, scope.now - $0))) } ?? .null,
            "tasks_by_status": .object(counts), "tasks_total": ReportRows.count(total),
            "tasks_completed": ReportRows.count(completed), "activity_count": ReportRows.count(activityCount),
            "error_count": ReportRows.count(errorCount),
            "error_rate_percent": .number(activityCount == 0 ? 0 : (Double(errorCount) / Double(activityCount) * 10_000).rounded() / 100),
        ]
    }

    /// Tasks assigned to the agent that are not done, most urgent first: `{total, open}`.
    static func tasks(_ db: Database, _ scope: Scope) throws -> JSONValue {
        let filter = "FROM tasks WHERE assigned_to = ? AND workspace_id = ? AND status <> 'done'"
        let arguments: StatementArguments = [scope.agent, scope.workspaceID]
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(filter)", arguments: arguments) ?? 0
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, title, status, priority, project_id, due_date, created_at, updated_at \(filter)
                ORDER BY \(ReportRows.priorityRankSQL), due_date IS NULL, due_date, created_at, id LIMIT \(openTaskLimit)
                """, arguments: arguments)
        return ["total": ReportRows.count(total), "open": .array(ReportRows.objects(rows))]
    }

    /// The agent's tasks that recorded an error in the window, and its error/failure
    /// activities: `{total, task_errors, activity_errors: {by_type, recent}}`.
    static func errors(_ db: Database, _ scope: Scope) throws -> JSONValue {
        let taskErrors = try Row.fetchAll(
            db,
            sql: """
                SELECT id, title, status, outcome, error_message, retry_count, updated_at FROM tasks
                WHERE assigned_to = ? AND workspace_id = ? AND TRIM(COALESCE(error_message, '')) <> '' AND updated_at >= ?
                ORDER BY updated_at DESC, id DESC LIMIT \(errorLimit)
                """, arguments: [scope.agent, scope.workspaceID, scope.since])
        let activities = scope.activities
        let byType = try Row.fetchAll(
            db, sql: "SELECT type, COUNT(*) AS count \(activities.sql) AND \(errorTypeSQL) GROUP BY type ORDER BY count DESC, type",
            arguments: activities.arguments)
        let recent = try Row.fetchAll(
            db,
            sql: """
                SELECT id, type, entity_type, entity_id, description, data, created_at \(activities.sql) AND \(errorTypeSQL)
                ORDER BY created_at DESC, id DESC LIMIT \(errorLimit)
                """, arguments: activities.arguments)
        let activityTotal = byType.reduce(0) { $0 + ($1["count"] as Int) }
        return [
            "total": ReportRows.count(taskErrors.count + activityTotal),
            "task_errors": .array(ReportRows.objects(taskErrors)),
            "activity_errors": ["by_type": .array(ReportRows.objects(byType)), "recent": .array(ReportRows.objects(recent))],
        ]
    }

    /// Activities in the window by type: `{total, by_type: [{type, count}]}`.
    static func activity(_ db: Database, _ scope: Scope) throws -> JSONValue {
        let activities = scope.activities
        let byType = try Row.fetchAll(
            db, sql: "SELECT type, COUNT(*) AS count \(activities.sql) GROUP BY type ORDER BY count DESC, type",
            arguments: activities.arguments)
        return [
            "total": ReportRows.count(byType.reduce(0) { $0 + ($1["count"] as Int) }),
            "by_type": .array(ReportRows.objects(byType)),
        ]
    }

    /// Activities per UTC hour over the window, every hour listed (zero when quiet), oldest
    /// first: `{bucket_seconds: 3600, hourly: [{hour, count}]}`.
    static func trends(_ db: Database, _ scope: Scope) throws -> JSONValue {
        let activities = scope.activities
        let rows = try Row.fetchAll(
            db, sql: "SELECT (created_at / 3600) * 3600 AS bucket, COUNT(*) AS count \(activities.sql) GROUP BY bucket",
            arguments: activities.arguments)
        var counts: [Int64: Int] = [:]
        for row in rows { counts[row["bucket"]] = row["count"] }
        let hourly = stride(from: scope.since / 3600 * 3600, through: scope.now, by: 3600).map { bucket -> JSONValue in
            ["hour": .string(ReportRows.iso(bucket)), "count": ReportRows.count(counts[bucket] ?? 0)]
        }
        return ["bucket_seconds": 3600, "hourly": .array(hourly)]
    }
}
