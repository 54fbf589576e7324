import Foundation
import GRDB
import MCShared

/// `/api/search` (reference §9.5): tasks, comments and agents through the FTS5 indexes of
/// migration `006_search` (full-text matching in place of the original's `LIKE %q%`), the other
/// kinds through `SearchIndex+Records`. Each kind is searched in the caller's
/// workspace, best FTS match first (bm25, title weighted over body), capped at `limit`; the
/// merged list is ordered by the original's `relevance` (2 when the title/name contains the
/// query, else 1), then by match quality, then newest first.
struct SearchIndex: Sendable {
    let database: EventedDatabase

    static let defaultLimit = 30
    static let maximumLimit = 100
    /// The kinds with a full-text index.
    static let indexedKinds = ["task", "comment", "agent"]
    /// The original's kinds searched with `LIKE` (`SearchIndex+Records`); `audit` only for admins.
    /// Its `webhook` and `pipeline` kinds have no tables here yet, so those types find nothing.
    static let recordKinds = ["activity", "audit", "message"]

    /// One hit before it is merged.
    struct Hit: Sendable {
        var json: JSONValue
        var relevance: Int
        var rank: Double
        var createdAt: Int64
    }

    func search(_ text: String, type: String?, limit: Int, includeAudit: Bool, workspaceID: Int64) async throws -> JSONValue {
        let wanted = { (kind: String) in type == nil || type == kind }
        let indexed = Self.indexedKinds.filter(wanted)
        let records = Self.recordKinds.filter { wanted($0) && ($0 != "audit" || includeAudit) }
        let expression = SearchQuery.matchExpression(text)
        let hits: [Hit] = try await database.read { db in
            var hits: [Hit] = []
            if let expression {
                for kind in indexed {
                    hits += try Self.search(db, kind: kind, expression: expression, text: text, limit: limit, workspaceID: workspaceID)
                }
            }
            for kind in records {
                hits += try Self.searchRecords(db, kind: kind, text: text, limit: limit, workspaceID: workspaceID)
            }
            return hits
        }
        let ordered = hits.sorted { a, b in
            if a.relevance != b.relevance { return a.relevance > b.relevance }
            if a.rank != b.rank { return a.rank < b.rank }
            return a.createdAt > b.createdAt
        }
        return [
            "query": .string(text), "count": .number(Double(hits.count)),
            "results": .array(ordered.prefix(limit).map(\.json)),
        ]
    }

    private static func search(
        _ db: Database, kind: String, expression: String, text: String, limit: Int, workspaceID: Int64
    ) throws -> [Hit] {
        switch kind {
        case "task":
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.title, t.description, t.status, t.assigned_to, t.created_at,
                           bm25(tasks_fts, 10.0, 1.0) AS rank
                    FROM tasks_fts JOIN tasks t ON t.id = tasks_fts.rowid
                    WHERE tasks_fts MATCH ? AND t.workspace_id = ? ORDER BY rank, t.created_at DESC LIMIT ?
                    """, arguments: [expression, workspaceID, limit]
            ).map { row in
                let title: String = row["title"]
                let status: String = row["status"]
                let assignee: String? = row["assigned_to"]
                return hit(
                    row, type: "task", title: title, subtitle: assignee.map { "\(status) · \($0)" } ?? status,
                    excerpt: SearchQuery.excerpt(row["description"], query: text),
                    relevance: SearchQuery.contains(title, text) ? 2 : 1)
            }
        case "comment":
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.content, c.author, c.task_id, c.created_at, t.title AS task_title,
                           bm25(comments_fts) AS rank
                    FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid
                    LEFT JOIN tasks t ON t.id = c.task_id
                    WHERE comments_fts MATCH ? AND c.workspace_id = ? ORDER BY rank, c.created_at DESC LIMIT ?
                    """, arguments: [expression, workspaceID, limit]
            ).map { row in
                let taskTitle: String? = row["task_title"]
                var found = hit(
                    row, type: "comment", title: "Comment on \(taskTitle ?? "task #\(row["task_id"] as Int64)")",
                    subtitle: "by \(row["author"] as String)", excerpt: SearchQuery.excerpt(row["content"], query: text),
                    relevance: 1)
                if case .object(var object) = found.json {
                    object["task_id"] = .number(Double(row["task_id"] as Int64))
                    found.json = .object(object)
                }
                return found
            }
        case "agent":
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.name, a.role, a.status, a.soul_content, a.last_activity, a.created_at,
                           bm25(agents_fts, 10.0, 3.0, 1.0) AS rank
                    FROM agents_fts JOIN agents a ON a.id = agents_fts.rowid
                    WHERE agents_fts MATCH ? AND a.workspace_id = ? ORDER BY rank, a.created_at DESC LIMIT ?
                    """, arguments: [expression, workspaceID, limit]
            ).map { row in
                let name: String = row["name"]
                let soul: String? = row["soul_content"]
                let excerpt = SearchQuery.excerpt(soul, query: text) ?? (row["last_activity"] as String?)
                return hit(
                    row, type: "agent", title: name, subtitle: "\(row["role"] as String) · \(row["status"] as String)",
                    excerpt: excerpt, relevance: SearchQuery.contains(name, text) ? 2 : 1)
            }
        default:
            return []
        }
    }

    static func hit(_ row: Row, type: String, title: String, subtitle: String?, excerpt: String?, relevance: Int) -> Hit {
        let createdAt: Int64 = row["created_at"]
        var object: [String: JSONValue] = [
            "type": .string(type), "id": .number(Double(row["id"] as Int64)), "title": .string(title),
            "created_at": .number(Double(createdAt)), "relevance": .number(Double(relevance)),
        ]
        if let subtitle { object["subtitle"] = .string(subtitle) }
        if let excerpt { object["excerpt"] = .string(excerpt) }
        // Rows found with LIKE have no bm25 rank; 0 puts them after full-text matches of equal relevance.
        let rank: Double? = row["rank"]
        return Hit(json: .object(object), relevance: relevance, rank: rank ?? 0, createdAt: createdAt)
    }
}
