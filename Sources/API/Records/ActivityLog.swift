import Foundation
import GRDB
import MCShared

/// Writes `activities` rows (reference §10.1) and their `activity.created` broadcast, in the
/// caller's transaction — the one common activity-logging function every route uses, so the
/// event payload is the original's `{id, type, entity_type, entity_id, actor, description,
/// data, created_at}` (+ `workspace_id`) wherever an activity is recorded.
enum ActivityLog {
    /// Inserts an activity and appends its event; returns the new row id. `data` is stored as
    /// JSON text (NULL when nil) and sent parsed in the event.
    @discardableResult
    static func append(
        _ db: Database, events: inout [StoredEvent], type: String, entityType: String, entityID: Int64, actor: String,
        description: String, data: JSONValue? = nil, workspaceID: Int64
    ) throws -> Int64 {
        let now = Int64(Date().timeIntervalSince1970)
        let dataText = data?.jsonText
        try db.execute(
            sql: """
                INSERT INTO activities (type, entity_type, entity_id, actor, description, data, created_at, workspace_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [type, entityType, entityID, actor, description, dataText, now, workspaceID])
        let id = db.lastInsertedRowID
        events.append(
            try EventLog.append(
                db, type: "activity.created", workspaceID: workspaceID,
                payload: [
                    "id": .number(Double(id)), "type": .string(type), "entity_type": .string(entityType),
                    "entity_id": .number(Double(entityID)), "actor": .string(actor),
                    "description": .string(description), "data": data ?? .null, "created_at": .number(Double(now)),
                    "workspace_id": .number(Double(workspaceID)),
                ]))
        return id
    }
}
