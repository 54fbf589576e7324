import Foundation
import GRDB
import MCShared

/// `GET /api/agents/{id}/attribution` (reference §7.4): who the agent is, what it did (audit
/// trail and recorded activities) and what it cost, over the last `hours` hours.
///
/// Records name an agent as its name or as `agent:<name>` (its key's username); both count.
/// Unlike the original, audit rows are read from the caller's workspace only, and only by
/// actor (the original also matched any audit detail mentioning the name, in any workspace).
struct AgentAttribution: Sendable {
    let database: EventedDatabase

    static let sections = ["identity", "audit", "mutations", "cost"]
    static let auditLimit = 100
    static let activityLimit = 100
    static let commentLimit = 50

    /// The report for `reference` (id or name) in the caller's workspace, after the access check.
    func report(reference: String, identity: Identity, query: AgentReportQuery, now: Int64) async throws -> JSONValue {
        try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let access = try query.scope(identity: identity, agent: agent, report: "attribution", sections: Self.sections)
            let (since, until) = access.window(now: now)
            var result: [String: JSONValue] = [
                "agent_name": .string(agent.name),
                "timeframe": ["hours": ReportRows.count(access.hours), "since": .number(Double(since)), "until": .number(Double(until))],
                "access_scope": .string(access.scope),
            ]
            let workspaceID = identity.workspaceID
            for section in access.sections {
                switch section {
                case "identity": result[section] = try Self.identity(db, agent: agent)
                case "audit": result[section] = try Self.audit(db, agent: agent.name, workspaceID: workspaceID, since: since)
                case "mutations": result[section] = try Self.mutations(db, agent: agent.name, workspaceID: workspaceID, since: since)
                default: result[section] = try AgentTokenUsage.report(db, agent: agent.name, workspaceID: workspaceID, since: since)
                }
            }
            return .object(result)
        }
    }

    /// The agent's profile (session key masked), its keys and lifetime task and comment counts.
    static func identity(_ db: Database, agent: AgentRecord) throws -> JSONValue {
        let keys = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) AS total,
                       TOTAL(revoked_at IS NULL AND (expires_at IS NULL OR expires_at > unixepoch())) AS active
                FROM agent_api_keys WHERE agent_id = ? AND workspace_id = ?
                """, arguments: [agent.id, agent.workspaceID])
        let tasks = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) AS total, TOTAL(status = 'done') AS completed,
                       TOTAL(status IN ('assigned', 'in_progress')) AS active
                FROM tasks WHERE assigned_to = ? AND workspace_id = ?
                """, arguments: [agent.name, agent.workspaceID])
        let comments = try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM comments WHERE author = ? AND workspace_id = ?",
            arguments: [agent.name, agent.workspaceID]) ?? 0
        var fields: [String: JSONValue] = [:]
        for column in ["id", "name", "role", "status", "last_seen", "last_activity", "created_at", "runtime_type"] {
            fields[column] = agent.json[column] ?? .null
        }
        fields["session_key"] = (agent.sessionKey ?? "").isEmpty ? .null : "***"
        fields["has_soul"] = .bool(!(agent.soulContent ?? "").isEmpty)
        fields["config_keys"] = .array(agent.config.keys.sorted().map(JSONValue.string))
        fields["api_keys"] = [
            "total": .number(Double(keys?["total"] as Int64? ?? 0)), "active": .number(keys?["active"] as Double? ?? 0),
        ]
        fields["lifetime_stats"] = [
            "tasks_total": .number(Double(tasks?["total"] as Int64? ?? 0)),
            "tasks_completed": .number(tasks?["completed"] as Double? ?? 0),
            "tasks_active": .number(tasks?["active"] as Double? ?? 0),
            "comments_authored": ReportRows.count(comments),
        ]
        return .object(fields)
    }

    /// Audit rows the agent is the actor of: `{total, entries}` (newest first, at most 100).
    static func audit(_ db: Database, agent: String, workspaceID: Int64, since: Int64) throws -> JSONValue {
        let filter = "FROM audit_log WHERE workspace_id = ? AND \(ReportRows.actorMatchSQL) AND created_at >= ?"
        let arguments: StatementArguments = [workspaceID, agent, agent, since]
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(filter)", arguments: arguments) ?? 0
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, action, actor, target_type, target_id, detail, ip_address, created_at \(filter)
                ORDER BY created_at DESC, id DESC LIMIT \(auditLimit)
                """, arguments: arguments)
        return ["total": ReportRows.count(total), "entries": .array(ReportRows.objects(rows))]
    }

    /// Activities recorded with the agent as actor (data parsed) and comments it wrote:
    /// `{total, by_type, activities, comments}` (newest first; 100 activities, 50 comments).
    static func mutations(_ db: Database, agent: String, workspaceID: Int64, since: Int64) throws -> JSONValue {
        let filter = "FROM activities WHERE workspace_id = ? AND \(ReportRows.actorMatchSQL) AND created_at >= ?"
        let arguments: StatementArguments = [workspaceID, agent, agent, since]
        let byType = try Row.fetchAll(
            db, sql: "SELECT type, COUNT(*) AS count \(filter) GROUP BY type ORDER BY count DESC, type", arguments: arguments)
        let activities = try Row.fetchAll(
            db,
            sql: """
                SELECT id, type, entity_type, entity_id, actor, description, data, created_at \(filter)
                ORDER BY created_at DESC, id DESC LIMIT \(activityLimit)
                """, arguments: arguments)
        let comments = try Row.fetchAll(
            db,
            sql: """
                SELECT c.id, c.task_id, t.title AS task_title, substr(c.content, 1, 200) AS content_preview, c.mentions,
                       c.created_at
                FROM comments c LEFT JOIN tasks t ON t.id = c.task_id AND t.workspace_id = c.workspace_id
                WHERE c.workspace_id = ? AND c.author = ? AND c.created_at >= ?
                ORDER BY c.created_at DESC, c.id DESC LIMIT \(commentLimit)
                """, arguments: [workspaceID, agent, since])
        var counts: [String: JSONValue] = [:]
        var total = 0
        for row in byType {
            let count: Int = row["count"]
            counts[row["type"]] = ReportRows.count(count)
            total += count
        }
        return [
            "total": ReportRows.count(total), "by_type": .object(counts),
            "activities": .array(ReportRows.objects(activities)), "comments": .array(ReportRows.objects(comments)),
        ]
    }
}
