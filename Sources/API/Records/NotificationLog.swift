import Foundation
import GRDB
import MCShared

/// Writes `notifications` rows (reference §10.2) and their `notification.created` broadcast, in
/// the caller's transaction — the one common notification function every route uses, so the
/// event payload is the original's `{id, recipient, type, title, message, source_type,
/// source_id, created_at}` (+ `workspace_id`) wherever a notification is created.
enum NotificationLog {
    /// Inserts a notification and appends its event; returns the new row id.
    @discardableResult
    static func append(
        _ db: Database, events: inout [StoredEvent], recipient: String, type: String, title: String, message: String,
        sourceType: String? = nil, sourceID: Int64? = nil, workspaceID: Int64
    ) throws -> Int64 {
        let now = Int64(Date().timeIntervalSince1970)
        try db.execute(
            sql: """
                INSERT INTO notifications (recipient, type, title, message, source_type, source_id, created_at,
                                           workspace_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [recipient, type, title, message, sourceType, sourceID, now, workspaceID])
        let id = db.lastInsertedRowID
        events.append(
            try EventLog.append(
                db, type: "notification.created", workspaceID: workspaceID,
                payload: [
                    "id": .number(Double(id)), "recipient": .string(recipient), "type": .string(type),
                    "title": .string(title), "message": .string(message),
                    "source_type": sourceType.map(JSONValue.string) ?? .null,
                    "source_id": sourceID.map { .number(Double($0)) } ?? .null, "created_at": .number(Double(now)),
                    "workspace_id": .number(Double(workspaceID)),
                ]))
        return id
    }
}
