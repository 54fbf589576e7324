import Foundation
import GRDB
import MCShared

/// `GET /api/audit` (reference §7.6): the caller's workspace's audit rows, newest first, with
/// `detail` parsed back from its JSON text (or left as the plain sentence some routes store).
struct AuditQuery: Sendable {
    let database: EventedDatabase

    static let defaultLimit = 1000
    static let maximumLimit = 10_000

    struct Filter: Sendable {
        var action: String?
        var actor: String?
        var since: Int64?
        var until: Int64?
        var limit: Int
        var offset: Int
    }

    func run(_ filter: Filter, workspaceID: Int64) async throws -> JSONValue {
        var conditions = ["workspace_id = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [workspaceID]
        if let action = filter.action { conditions.append("action = ?"); arguments.append(action) }
        if let actor = filter.actor { conditions.append("actor = ?"); arguments.append(actor) }
        if let since = filter.since { conditions.append("created_at >= ?"); arguments.append(since) }
        if let until = filter.until { conditions.append("created_at <= ?"); arguments.append(until) }
        let whereClause = conditions.joined(separator: " AND ")
        let countArguments = StatementArguments(arguments)
        let pageArguments = StatementArguments(arguments + [filter.limit, filter.offset])
        let (events, total) = try await database.read { db -> ([JSONValue], Int) in
            (
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, action, actor, actor_id, target_type, target_id, detail, ip_address, user_agent,
                               created_at, workspace_id
                        FROM audit_log WHERE \(whereClause) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?
                        """, arguments: pageArguments
                ).map(Self.json),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log WHERE \(whereClause)", arguments: countArguments)
                    ?? 0
            )
        }
        return [
            "events": .array(events), "total": .number(Double(total)),
            "limit": .number(Double(filter.limit)), "offset": .number(Double(filter.offset)),
        ]
    }

    static func json(_ row: Row) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for column in ["action", "actor", "target_type", "ip_address", "user_agent"] {
            object[column] = (row[column] as String?).map(JSONValue.string) ?? .null
        }
        for column in ["id", "actor_id", "target_id", "created_at", "workspace_id"] {
            object[column] = (row[column] as Int64?).map { .number(Double($0)) } ?? .null
        }
        object["detail"] = RowJSON.parsed(row["detail"])
        return .object(object)
    }
}
