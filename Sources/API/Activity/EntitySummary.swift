import GRDB
import MCShared

/// The short description of a task, agent or comment that activities (`entity`) and
/// notifications (`source`) carry (reference §7.6), looked up in the caller's workspace only so a
/// row never reveals another workspace's data.
enum EntitySummary {
    /// Characters of a comment shown as `content_preview`.
    static let previewLength = 100

    /// The summary of `type`/`id`, or null when the type has none or the row is gone.
    static func lookup(_ db: Database, type: String?, id: Int64?, workspaceID: Int64) throws -> JSONValue {
        guard let type, let id else { return .null }
        switch type {
        case "task":
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, title, status FROM tasks WHERE id = ? AND workspace_id = ?",
                    arguments: [id, workspaceID])
            else { return .null }
            return [
                "type": "task", "id": .number(Double(row["id"] as Int64)), "title": .string(row["title"]),
                "status": .string(row["status"]),
            ]
        case "agent":
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, name, role, status FROM agents WHERE id = ? AND workspace_id = ?",
                    arguments: [id, workspaceID])
            else { return .null }
            return [
                "type": "agent", "id": .number(Double(row["id"] as Int64)), "name": .string(row["name"]),
                "role": .string(row["role"]), "status": .string(row["status"]),
            ]
        case "comment":
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT c.id, c.content, c.task_id, t.title AS task_title FROM comments c
                        LEFT JOIN tasks t ON t.id = c.task_id
                        WHERE c.id = ? AND c.workspace_id = ?
                        """, arguments: [id, workspaceID])
            else { return .null }
            let content: String = row["content"]
            let preview = content.count > previewLength ? String(content.prefix(previewLength)) + "..." : content
            return [
                "type": "comment", "id": .number(Double(row["id"] as Int64)), "content": .string(content),
                "task_id": .number(Double(row["task_id"] as Int64)),
                "task_title": (row["task_title"] as String?).map(JSONValue.string) ?? .null,
                "content_preview": .string(preview),
            ]
        default:
            return .null
        }
    }
}
