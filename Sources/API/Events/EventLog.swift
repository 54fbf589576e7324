import Foundation
import GRDB
import MCShared

/// Reads and writes the `events` table. Writers call `append` inside their transaction; the
/// events reach subscribers only through `EventedDatabase` after that transaction commits.
enum EventLog {
    /// Inserts an event in the current transaction and returns it.
    static func append(_ db: Database, type: String, workspaceID: Int64, payload: JSONValue) throws -> StoredEvent {
        let timestampMs = Int64(Date().timeIntervalSince1970 * 1000)
        let text = payload.jsonText
        try db.execute(
            sql: "INSERT INTO events (type, workspace_id, payload, created_at) VALUES (?, ?, ?, ?)",
            arguments: [type, workspaceID, text, timestampMs / 1000])
        return StoredEvent(
            id: db.lastInsertedRowID, type: type, workspaceID: workspaceID, payload: payload, timestampMs: timestampMs)
    }

    /// Events of `workspaceID` after `afterID`, oldest first, at most `limit`.
    static func events(_ db: Database, after afterID: Int64, workspaceID: Int64, limit: Int) throws -> [StoredEvent] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, type, workspace_id, payload, created_at FROM events
                WHERE id > ? AND workspace_id = ? ORDER BY id LIMIT ?
                """,
            arguments: [afterID, workspaceID, limit])
        return rows.map { row in
            let text: String = row["payload"]
            let payload = (try? JSONValue.parse(text)) ?? .null
            let seconds: Int64 = row["created_at"]
            return StoredEvent(
                id: row["id"], type: row["type"], workspaceID: row["workspace_id"], payload: payload,
                timestampMs: seconds * 1000)
        }
    }

    /// The newest event id, or 0.
    static func latestID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM events") ?? 0
    }
}
