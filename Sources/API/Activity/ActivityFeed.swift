import Foundation
import GRDB
import MCShared

/// `GET /api/activities` (reference §7.6): the workspace's activity rows, newest first, with
/// `data` parsed and the entity they are about summarised.
struct ActivityFeed: Sendable {
    let database: EventedDatabase

    static let defaultLimit = 50
    static let maximumLimit = 500

    struct Filter: Sendable {
        /// Any of these types (the query's comma-separated list).
        var types: [String]
        var actor: String?
        var entityType: String?
        /// Rows about this entity (with `entityType`; an addition to the original's filters).
        var entityID: Int64? = nil
        /// Rows strictly newer than this.
        var since: Int64?
        var limit: Int
        var offset: Int
    }

    func list(_ filter: Filter, workspaceID: Int64) async throws -> JSONValue {
        var conditions = ["workspace_id = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [workspaceID]
        if !filter.types.isEmpty {
            conditions.append("type IN (\(Array(repeating: "?", count: filter.types.count).joined(separator: ", ")))")
            arguments += filter.types.map { $0 as (any DatabaseValueConvertible)? }
        }
        if let actor = filter.actor { conditions.append("actor = ?"); arguments.append(actor) }
        if let entityType = filter.entityType { conditions.append("entity_type = ?"); arguments.append(entityType) }
        if let entityID = filter.entityID { conditions.append("entity_id = ?"); arguments.append(entityID) }
        if let since = filter.since { conditions.append("created_at > ?"); arguments.append(since) }
        let whereClause = conditions.joined(separator: " AND ")
        let countArguments = StatementArguments(arguments)
        let pageArguments = StatementArguments(arguments + [filter.limit, filter.offset])
        return try await database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, type, entity_type, entity_id, actor, description, data, created_at, workspace_id
                    FROM activities WHERE \(whereClause) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?
                    """, arguments: pageArguments)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM activities WHERE \(whereClause)", arguments: countArguments) ?? 0
            let activities = try rows.map { row -> JSONValue in
                let entityType: String = row["entity_type"]
                let entityID: Int64 = row["entity_id"]
                return [
                    "id": .number(Double(row["id"] as Int64)), "type": .string(row["type"]),
                    "entity_type": .string(entityType), "entity_id": .number(Double(entityID)),
                    "actor": .string(row["actor"]), "description": .string(row["description"]),
                    "data": RowJSON.parsed(row["data"]), "created_at": .number(Double(row["created_at"] as Int64)),
                    "workspace_id": .number(Double(row["workspace_id"] as Int64)),
                    "entity": try EntitySummary.lookup(db, type: entityType, id: entityID, workspaceID: workspaceID),
                ]
            }
            return [
                "activities": .array(activities), "total": .number(Double(total)),
                "hasMore": .bool(filter.offset + rows.count < total),
            ]
        }
    }
}
