import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Reads projects as the API returns them (reference §7.3): the row with `task_count` and the
/// names of the agents assigned to it.
enum ProjectQueries {
    static let columns = """
        p.id, p.workspace_id, p.name, p.slug, p.description, p.ticket_prefix, p.ticket_counter, p.status,
        p.github_repo, p.deadline, p.color, p.github_sync_enabled, p.github_labels_initialized,
        p.github_default_branch, p.created_at, p.updated_at,
        (SELECT COUNT(*) FROM tasks t WHERE t.project_id = p.id AND t.workspace_id = p.workspace_id) AS task_count
        """

    /// The workspace's projects sorted by name (case-insensitive); archived ones on request.
    static func list(_ db: Database, workspaceID: Int64, includeArchived: Bool) throws -> [JSONValue] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(columns) FROM projects p WHERE p.workspace_id = ? \(includeArchived ? "" : "AND p.status = 'active'")
                ORDER BY p.name COLLATE NOCASE, p.id
                """,
            arguments: [workspaceID])
        var agents: [Int64: [JSONValue]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT a.project_id, a.agent_name FROM project_agent_assignments a
                JOIN projects p ON p.id = a.project_id WHERE p.workspace_id = ? ORDER BY a.agent_name
                """,
            arguments: [workspaceID])
        {
            agents[row["project_id"], default: []].append(.string(row["agent_name"]))
        }
        return rows.map { json($0, agents: agents[$0["id"]] ?? []) }
    }

    /// One project of the workspace, or nil.
    static func find(_ db: Database, id: Int64, workspaceID: Int64) throws -> JSONValue? {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT \(columns) FROM projects p WHERE p.id = ? AND p.workspace_id = ?", arguments: [id, workspaceID])
        else { return nil }
        let agents = try String.fetchAll(
            db, sql: "SELECT agent_name FROM project_agent_assignments WHERE project_id = ? ORDER BY agent_name",
            arguments: [id])
        return json(row, agents: agents.map(JSONValue.string))
    }

    /// Throws 404 "Project not found" unless the project is in the workspace; returns its slug.
    @discardableResult
    static func require(_ db: Database, id: Int64, workspaceID: Int64) throws -> String {
        guard let slug = try String.fetchOne(
            db, sql: "SELECT slug FROM projects WHERE id = ? AND workspace_id = ?", arguments: [id, workspaceID])
        else { throw APIError(.notFound, "Project not found") }
        return slug
    }

    static func json(_ row: Row, agents: [JSONValue]) -> JSONValue {
        var project: [String: JSONValue] = [:]
        for name in ["name", "slug", "description", "ticket_prefix", "status", "github_repo", "color", "github_default_branch"] {
            project[name] = (row[name] as String?).map(JSONValue.string) ?? .null
        }
        for name in ["id", "workspace_id", "ticket_counter", "deadline", "github_sync_enabled",
                     "github_labels_initialized", "created_at", "updated_at", "task_count"] {
            project[name] = (row[name] as Int64?).map { .number(Double($0)) } ?? .null
        }
        project["assigned_agents"] = .array(agents)
        return .object(project)
    }

    /// The short project shape of `GET /api/projects/{id}/tasks`.
    static func summary(_ project: JSONValue) -> JSONValue {
        guard case .object(let fields) = project else { return project }
        let keys = ["id", "workspace_id", "name", "slug", "description", "ticket_prefix", "ticket_counter", "status",
                    "created_at", "updated_at"]
        return .object(fields.filter { keys.contains($0.key) })
    }
}
