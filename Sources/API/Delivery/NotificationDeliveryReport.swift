import Foundation
import GRDB
import MCShared

/// `GET` and `POST /api/notifications/deliver` (reference §7.6): the delivery state of agent
/// notifications.
///
/// Agents collect their notifications in heartbeat work items and confirm them with
/// `POST /api/notifications {action:"mark-delivered"}`. The original could also push them into
/// OpenClaw sessions; this server has no gateway connection, so a push is refused with 503 and
/// says how delivery works here, while `dry_run` still previews what is pending.
struct NotificationDeliveryReport: Sendable {
    /// `POST` page size: default 50, at most 500.
    static let defaultLimit = 50
    static let maximumLimit = 500
    /// Why a real push is refused.
    static let noPushChannel =
        "Push delivery needs an OpenClaw gateway connection, which this server does not have. Agents receive undelivered notifications in their heartbeat work items and confirm them with POST /api/notifications {\"action\":\"mark-delivered\",\"agent\":\"<name>\"}."

    let database: EventedDatabase

    /// `{statistics:{total, delivered, undelivered, delivery_rate}, agents_with_pending,
    /// recent_deliveries, agent_filter}` for agent recipients of the workspace.
    func statistics(agent: String?, workspaceID: Int64) async throws -> JSONValue {
        try await database.read { db in
            let (filter, arguments) = Self.agentNotifications(agent: agent, workspaceID: workspaceID)
            let counts = try Row.fetchOne(
                db,
                sql: "SELECT COUNT(*) AS total, COUNT(n.delivered_at) AS delivered FROM notifications n WHERE \(filter)",
                arguments: StatementArguments(arguments))
            let total: Int = counts?["total"] ?? 0
            let delivered: Int = counts?["delivered"] ?? 0
            let rate = total == 0 ? 0 : (Double(delivered) / Double(total) * 10_000).rounded() / 100
            let pending = try Row.fetchAll(
                db,
                sql: """
                    SELECT n.recipient, a.session_key, COUNT(*) AS pending_count FROM notifications n
                    JOIN agents a ON a.name = n.recipient AND a.workspace_id = n.workspace_id
                    WHERE \(filter) AND n.delivered_at IS NULL GROUP BY n.recipient ORDER BY pending_count DESC, n.recipient
                    """,
                arguments: StatementArguments(arguments))
            let recent = try Row.fetchAll(
                db,
                sql: """
                    SELECT n.id, n.recipient, n.type, n.title, n.created_at, n.delivered_at FROM notifications n
                    WHERE \(filter) AND n.delivered_at IS NOT NULL ORDER BY n.delivered_at DESC, n.id DESC LIMIT 10
                    """,
                arguments: StatementArguments(arguments))
            return [
                "statistics": [
                    "total": .number(Double(total)), "delivered": .number(Double(delivered)),
                    "undelivered": .number(Double(total - delivered)), "delivery_rate": .number(rate),
                ],
                "agents_with_pending": .array(
                    pending.map { row in
                        [
                            "recipient": .string(row["recipient"]),
                            "session_key": (row["session_key"] as String?).map(JSONValue.string) ?? .null,
                            "pending_count": .number(Double(row["pending_count"] as Int)),
                        ]
                    }),
                "recent_deliveries": .array(recent.map(Self.json)),
                "agent_filter": agent.map(JSONValue.string) ?? .null,
            ]
        }
    }

    /// The `POST` preview: the undelivered notifications a push would send, oldest first.
    func preview(agent: String?, limit: Int, workspaceID: Int64) async throws -> JSONValue {
        let rows: [JSONValue] = try await database.read { db in
            var (filter, arguments) = Self.agentNotifications(agent: agent, workspaceID: workspaceID)
            filter += " AND n.delivered_at IS NULL"
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT n.id, n.recipient, n.type, n.title, n.created_at, n.delivered_at FROM notifications n
                    WHERE \(filter) ORDER BY n.created_at, n.id LIMIT ?
                    """,
                arguments: StatementArguments(arguments + [limit as (any DatabaseValueConvertible)?])
            ).map(Self.json)
        }
        if rows.isEmpty {
            return ["status": "success", "message": "No pending notifications", "processed": 0, "delivered": 0, "errors": []]
        }
        return [
            "status": "success", "message": .string("Dry run: \(rows.count) notification\(rows.count == 1 ? "" : "s") pending"),
            "total_processed": .number(Double(rows.count)), "delivered": 0, "errors": 0, "dry_run": true,
            "delivery_results": .array(rows), "error_details": [],
        ]
    }

    /// The condition selecting the workspace's notifications addressed to agents (to `agent`
    /// only, when given), and its arguments.
    private static func agentNotifications(agent: String?, workspaceID: Int64)
        -> (sql: String, arguments: [(any DatabaseValueConvertible)?])
    {
        var sql = "n.workspace_id = ? AND n.recipient IN (SELECT name FROM agents WHERE workspace_id = n.workspace_id)"
        var arguments: [(any DatabaseValueConvertible)?] = [workspaceID]
        if let agent {
            sql += " AND n.recipient = ?"
            arguments.append(agent)
        }
        return (sql, arguments)
    }

    private static func json(_ row: Row) -> JSONValue {
        [
            "id": .number(Double(row["id"] as Int64)), "recipient": .string(row["recipient"]), "type": .string(row["type"]),
            "title": .string(row["title"]), "created_at": .number(Double(row["created_at"] as Int64)),
            "delivered_at": (row["delivered_at"] as Int64?).map { .number(Double($0)) } ?? .null,
        ]
    }
}
