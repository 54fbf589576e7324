import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Reads tasks as the API returns them: the row with `tags`/`metadata` parsed, the project's
/// name and prefix, and `ticket_ref` (reference §7.2).
enum TaskQueries {
    /// Largest `limit` of the list: the original's 200 raised to 1,000, so the board loads a
    /// thousand tasks in one request (a larger limit is clamped, as before).
    static let maximumLimit = 1000

    /// The task columns and the project join every read shares.
    static let selection = """
        SELECT t.id, t.title, t.description, t.status, t.priority, t.assigned_to, t.created_by, t.created_at,
               t.updated_at, t.due_date, t.estimated_hours, t.actual_hours, t.tags, t.metadata, t.workspace_id,
               t.project_id, t.project_ticket_no, t.outcome, t.error_message, t.resolution, t.feedback_rating,
               t.feedback_notes, t.retry_count, t.completed_at, p.name AS project_name, p.ticket_prefix AS project_prefix,
               t.github_branch, t.github_pr_number, t.github_pr_state, t.github_pr_url
        """
    static let joinProject = "FROM tasks t LEFT JOIN projects p ON p.id = t.project_id AND p.workspace_id = t.workspace_id"

    /// Filters of the list route.
    struct ListFilter: Sendable {
        var status: String?
        var assignedTo: String?
        var priority: String?
        var projectID: Int64?
        var limit = 50
        var offset = 0

        /// Identifies the filter (not the page) in the list cache.
        func cacheKey(workspaceID: Int64) -> String {
            func part(_ value: String?) -> String { value.map { "=" + $0 } ?? "-" }
            return "\(workspaceID)|\(part(status))|\(part(assignedTo))|\(part(priority))|\(part(projectID.map(String.init)))"
        }
    }

    /// One page of the workspace's tasks, newest first, with comment counts, and the total.
    /// One statement for the page (comment counts come from a correlated subquery on
    /// `idx_comments_task`), one for the count; the `005_tasks` indexes cover both.
    static func list(_ db: Database, workspaceID: Int64, filter: ListFilter, totals: TaskListCache? = nil) throws
        -> (tasks: [JSONValue], total: Int)
    {
        var conditions = ["t.workspace_id = ?"]
        var arguments: StatementArguments = [workspaceID]
        if let status = filter.status {
            conditions.append("t.status = ?")
            _ = arguments.append(contentsOf: [status])
        }
        if let assignee = filter.assignedTo {
            conditions.append("t.assigned_to = ?")
            _ = arguments.append(contentsOf: [assignee])
        }
        if let priority = filter.priority {
            conditions.append("t.priority = ?")
            _ = arguments.append(contentsOf: [priority])
        }
        if let project = filter.projectID {
            conditions.append("t.project_id = ?")
            _ = arguments.append(contentsOf: [project])
        }
        let whereClause = conditions.joined(separator: " AND ")
        let generation = totals?.generation ?? 0
        let key = filter.cacheKey(workspaceID: workspaceID)
        let total: Int
        if let cached = totals?.total(for: key, generation: generation) {
            total = cached
        } else {
            total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks t WHERE \(whereClause)", arguments: arguments) ?? 0
            totals?.remember(total: total, for: key, generation: generation)
        }
        var pageArguments = arguments
        _ = pageArguments.append(contentsOf: [filter.limit, filter.offset])
        let rows = try Row.fetchCursor(
            db,
            sql: """
                \(selection), (SELECT COUNT(*) FROM comments c WHERE c.task_id = t.id) AS comment_count
                \(joinProject) WHERE \(whereClause) ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?
                """,
            arguments: pageArguments)
        var tasks: [JSONValue] = []
        while let row = try rows.next() { tasks.append(json(row, commentCount: true)) }
        return (tasks, total)
    }

    /// One task of the workspace, or nil (also for another workspace's task).
    static func find(_ db: Database, id: Int64, workspaceID: Int64) throws -> JSONValue? {
        try Row.fetchOne(
            db, sql: "\(selection) \(joinProject) WHERE t.id = ? AND t.workspace_id = ?", arguments: [id, workspaceID]
        ).map { json($0, commentCount: false) }
    }

    /// A project's tasks, newest first.
    static func forProject(_ db: Database, projectID: Int64, workspaceID: Int64) throws -> [JSONValue] {
        try Row.fetchAll(
            db,
            sql: """
                \(selection) \(joinProject) WHERE t.workspace_id = ? AND t.project_id = ?
                ORDER BY t.created_at DESC, t.id DESC
                """,
            arguments: [workspaceID, projectID]
        ).map { json($0, commentCount: false) }
    }

    /// How each selected column becomes JSON, in `selection` order: rows are read by index,
    /// which on this hot path is much cheaper than GRDB's case-insensitive lookup by name.
    private enum Kind { case text, integer, real, array, object }
    private static let layout: [(name: String, kind: Kind)] = [
        ("id", .integer), ("title", .text), ("description", .text), ("status", .text), ("priority", .text),
        ("assigned_to", .text), ("created_by", .text), ("created_at", .integer), ("updated_at", .integer),
        ("due_date", .integer), ("estimated_hours", .real), ("actual_hours", .real), ("tags", .array),
        ("metadata", .object), ("workspace_id", .integer), ("project_id", .integer), ("project_ticket_no", .integer),
        ("outcome", .text), ("error_message", .text), ("resolution", .text), ("feedback_rating", .integer),
        ("feedback_notes", .text), ("retry_count", .integer), ("completed_at", .integer), ("project_name", .text),
        ("project_prefix", .text), ("github_branch", .text), ("github_pr_number", .integer), ("github_pr_state", .text),
        ("github_pr_url", .text),
    ]

    /// The API shape of a task row.
    static func json(_ row: Row, commentCount: Bool) -> JSONValue {
        var task: [String: JSONValue] = [:]
        task.reserveCapacity(layout.count + 2)
        for (index, column) in layout.enumerated() {
            switch column.kind {
            case .text: task[column.name] = (row[index] as String?).map(JSONValue.string) ?? .null
            case .integer: task[column.name] = (row[index] as Int64?).map { .number(Double($0)) } ?? .null
            case .real: task[column.name] = (row[index] as Double?).map(JSONValue.number) ?? .null
            case .array: task[column.name] = parsed(row[index], fallback: .array([]))
            case .object: task[column.name] = parsed(row[index], fallback: .object([:]))
            }
        }
        let ref = TaskRules.ticketRef(prefix: row[25], number: row[16])
        task["ticket_ref"] = ref.map(JSONValue.string) ?? .null
        // The comment count, when selected, follows the shared columns.
        if commentCount { task["comment_count"] = .number(Double(row[layout.count] as Int64? ?? 0)) }
        return .object(task)
    }

    private static func parsed(_ text: String?, fallback: JSONValue) -> JSONValue {
        guard let text, let value = try? JSONValue.parse(text.utf8) else { return fallback }
        switch (value, fallback) {
        case (.array, .array), (.object, .object): return value
        default: return fallback
        }
    }

    /// The status and assignee of a task in the workspace, for gates and scoping.
    static func header(_ db: Database, id: Int64, workspaceID: Int64) throws -> (status: String, assignee: String?, title: String)? {
        try Row.fetchOne(
            db, sql: "SELECT status, assigned_to, title FROM tasks WHERE id = ? AND workspace_id = ?",
            arguments: [id, workspaceID]
        ).map { ($0["status"], $0["assigned_to"], $0["title"]) }
    }

    /// The status of the task's latest quality review (any reviewer), or nil.
    static func latestReviewStatus(_ db: Database, taskID: Int64, workspaceID: Int64) throws -> String? {
        try String.fetchOne(
            db,
            sql: "SELECT status FROM quality_reviews WHERE task_id = ? AND workspace_id = ? ORDER BY id DESC LIMIT 1",
            arguments: [taskID, workspaceID])
    }
}
