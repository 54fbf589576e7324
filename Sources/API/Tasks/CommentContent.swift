import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Comment text and shape: agent CLI output normalisation and the threaded list (reference
/// §7.2 comments).
enum CommentContent {
    /// When `content` (ANSI colour codes removed) is an agent's JSON result with a `payloads`
    /// array, the comment is the payloads' text plus an italic line with model, tokens and
    /// duration; anything else is kept as sent.
    static func normalise(_ content: String) -> String {
        let stripped = content.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        guard stripped.first(where: { !$0.isWhitespace }) == "{",
            let value = try? JSONValue.parse(stripped.utf8), case .array(let payloads)? = value["payloads"]
        else { return content }
        let text = payloads.compactMap { $0["text"]?.stringValue }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        let agentMeta = value["meta"]?["agentMeta"]
        var meta: [String] = []
        if let model = agentMeta?["model"]?.stringValue { meta.append(model) }
        if let total = agentMeta?["usage"]?["total"]?.intValue { meta.append("\(total) tokens") }
        if let ms = value["meta"]?["durationMs"]?.doubleValue { meta.append(String(format: "%.1fs", ms / 1000)) }
        guard !meta.isEmpty else { return text }
        return text.isEmpty ? "_\(meta.joined(separator: " · "))_" : "\(text)\n\n_\(meta.joined(separator: " · "))_"
    }

    /// The API shape of a comment row, with `mentions` parsed and empty `replies`.
    static func json(_ row: Row) -> JSONValue {
        let mentions = (row["mentions"] as String?).flatMap { try? JSONValue.parse($0.utf8) }
        return [
            "id": .number(Double(row["id"] as Int64)), "task_id": .number(Double(row["task_id"] as Int64)),
            "author": .string(row["author"]), "content": .string(row["content"]),
            "created_at": .number(Double(row["created_at"] as Int64)),
            "parent_id": (row["parent_id"] as Int64?).map { .number(Double($0)) } ?? .null,
            "workspace_id": .number(Double(row["workspace_id"] as Int64)),
            "mentions": mentions?.arrayValue.map(JSONValue.array) ?? .array([]), "replies": .array([]),
        ]
    }

    /// The task's comments as a tree: top-level comments oldest first, each with its replies
    /// (nested to any depth); a reply whose parent is gone shows at the top level.
    static func thread(_ db: Database, taskID: Int64, workspaceID: Int64) throws -> (comments: [JSONValue], total: Int) {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, task_id, author, content, created_at, parent_id, mentions, workspace_id FROM comments
                WHERE task_id = ? AND workspace_id = ? ORDER BY created_at, id
                """,
            arguments: [taskID, workspaceID])
        var children: [Int64: [Row]] = [:]
        var roots: [Row] = []
        let ids = Set(rows.map { $0["id"] as Int64 })
        for row in rows {
            if let parent = row["parent_id"] as Int64?, ids.contains(parent) {
                children[parent, default: []].append(row)
            } else {
                roots.append(row)
            }
        }
        func build(_ row: Row) -> JSONValue {
            guard case .object(var comment) = json(row) else { return .null }
            comment["replies"] = .array((children[row["id"] as Int64] ?? []).map(build))
            return .object(comment)
        }
        return (roots.map(build), rows.count)
    }

    /// The first 100 characters, with "..." when cut.
    static func preview(_ content: String) -> String {
        content.count > 100 ? String(content.prefix(100)) + "..." : content
    }
}
