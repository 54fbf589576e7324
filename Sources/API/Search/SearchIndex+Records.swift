import Foundation
import GRDB
import MCShared

/// The original's non-indexed kinds — activities, audit rows (admins only) and chat messages —
/// searched as it did, with a case-insensitive `LIKE %q%` whose wildcards in the query are
/// escaped, so `%` and `_` match themselves.
extension SearchIndex {
    /// `text` as a LIKE pattern matching it anywhere.
    static func likePattern(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "%\(escaped)%"
    }

    static func searchRecords(_ db: Database, kind: String, text: String, limit: Int, workspaceID: Int64) throws -> [Hit] {
        let pattern = likePattern(text)
        switch kind {
        case "activity":
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT id, description, actor, created_at FROM activities
                    WHERE workspace_id = ?1 AND (description LIKE ?2 ESCAPE '\\' OR actor LIKE ?2 ESCAPE '\\')
                    ORDER BY created_at DESC LIMIT ?3
                    """, arguments: [workspaceID, pattern, limit]
            ).map { row in
                hit(row, type: "activity", title: row["description"], subtitle: "by \(row["actor"] as String)", excerpt: nil, relevance: 1)
            }
        case "audit":
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT id, action, actor, detail, created_at FROM audit_log
                    WHERE workspace_id = ?1 AND (action LIKE ?2 ESCAPE '\\' OR actor LIKE ?2 ESCAPE '\\'
                                                 OR detail LIKE ?2 ESCAPE '\\')
                    ORDER BY created_at DESC LIMIT ?3
                    """, arguments: [workspaceID, pattern, limit]
            ).map { row in
                hit(
                    row, type: "audit", title: row["action"], subtitle: "by \(row["actor"] as String)",
                    excerpt: SearchQuery.excerpt(row["detail"], query: text), relevance: 1)
            }
        case "message":
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT id, from_agent, to_agent, conversation_id, content, COALESCE(created_at, 0) AS created_at
                    FROM messages
                    WHERE workspace_id = ?1 AND (content LIKE ?2 ESCAPE '\\' OR from_agent LIKE ?2 ESCAPE '\\')
                    ORDER BY created_at DESC LIMIT ?3
                    """, arguments: [workspaceID, pattern, limit]
            ).map { row in
                hit(
                    row, type: "message", title: "\(row["from_agent"] as String) → \(row["to_agent"] as String? ?? "all")",
                    subtitle: row["conversation_id"], excerpt: SearchQuery.excerpt(row["content"], query: text),
                    relevance: 1)
            }
        default:
            return []
        }
    }
}
