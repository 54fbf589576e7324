import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Reads agents for `GET /api/agents`: filters, pagination and each agent's task counts.
struct AgentDirectory: Sendable {
    let database: EventedDatabase

    /// Largest page.
    static let maximumLimit = 200
    static let defaultLimit = 50

    /// The list's query parameters.
    struct Query: Sendable {
        var status: String?
        var role: String?
        var showHidden = false
        var limit = AgentDirectory.defaultLimit
        var offset = 0

        /// Reads `status`, `role`, `show_hidden=true`, `limit` (default 50, at most 200) and
        /// `offset`; a limit or offset that is not a number falls back to its default.
        init(status: String?, role: String?, showHidden: String?, limit: String?, offset: String?) {
            self.status = status.flatMap { $0.isEmpty ? nil : $0 }
            self.role = role.flatMap { $0.isEmpty ? nil : $0 }
            self.showHidden = showHidden == "true"
            self.limit = min(max(limit.flatMap { Int($0) } ?? AgentDirectory.defaultLimit, 1), AgentDirectory.maximumLimit)
            self.offset = max(offset.flatMap { Int($0) } ?? 0, 0)
        }
    }

    /// `{agents, total, page, limit}`, newest first.
    func list(_ query: Query, workspaceID: Int64) async throws -> JSONValue {
        try await database.read { db in
            var conditions = ["workspace_id = ?"]
            var arguments: [(any DatabaseValueConvertible)?] = [workspaceID]
            if let status = query.status {
                conditions.append("status = ?")
                arguments.append(status)
            }
            if let role = query.role {
                conditions.append("role = ?")
                arguments.append(role)
            }
            if !query.showHidden { conditions.append("hidden = 0") }
            let filter = conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM agents WHERE \(filter)", arguments: StatementArguments(arguments)) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM agents WHERE \(filter) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [query.limit as (any DatabaseValueConvertible)?, query.offset]))
            let agents = rows.map(AgentRecord.init(row:))
            let stats = try Self.taskStats(db, names: agents.map(\.name), workspaceID: workspaceID)
            let items: [JSONValue] = agents.map { agent in
                var json = agent.json
                json["taskStats"] = stats[agent.name] ?? Self.emptyTaskStats
                return .object(json)
            }
            return [
                "agents": .array(items), "total": .number(Double(total)),
                "page": .number(Double(query.offset / query.limit + 1)), "limit": .number(Double(query.limit)),
            ]
        }
    }

    /// Task counts of a freshly created agent.
    static let emptyTaskStats: JSONValue = [
        "total": 0, "assigned": 0, "in_progress": 0, "quality_review": 0, "done": 0, "completed": 0,
    ]

    /// `taskStats` per agent name, from one grouped query.
    static func taskStats(_ db: Database, names: [String], workspaceID: Int64) throws -> [String: JSONValue] {
        guard !names.isEmpty else { return [:] }
        let bindMarkers = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT assigned_to, COUNT(*) AS total,
                       SUM(status = 'assigned') AS assigned, SUM(status = 'in_progress') AS in_progress,
                       SUM(status = 'quality_review') AS quality_review, SUM(status = 'done') AS done
                FROM tasks WHERE workspace_id = ? AND assigned_to IN (\(bindMarkers))
                GROUP BY assigned_to
                """,
            arguments: StatementArguments([workspaceID as (any DatabaseValueConvertible)?] + names.map { $0 as (any DatabaseValueConvertible)? }))
        var stats: [String: JSONValue] = [:]
        for row in rows {
            let done: Int = row["done"] ?? 0
            stats[row["assigned_to"]] = [
                "total": .number(Double(row["total"] as Int? ?? 0)),
                "assigned": .number(Double(row["assigned"] as Int? ?? 0)),
                "in_progress": .number(Double(row["in_progress"] as Int? ?? 0)),
                "quality_review": .number(Double(row["quality_review"] as Int? ?? 0)),
                "done": .number(Double(done)), "completed": .number(Double(done)),
            ]
        }
        return stats
    }
}
