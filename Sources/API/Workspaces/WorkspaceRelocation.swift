import Foundation
import GRDB
import HTTPTypes

/// Moves everything a workspace owns into another one before it is deleted: agents (and their
/// keys), users (and their sessions), projects, tasks with their comments and reviews.
///
/// The original moved agents, users and projects only, so tasks were left in a deleted
/// workspace, and a name clash hit a UNIQUE constraint (500). Here clashes are found first and
/// refused with a 409 naming them; the source's `General` project is merged into the
/// destination's (its tasks get new ticket numbers there) because every workspace has one.
struct WorkspaceRelocation {
    let source: Int64
    let destination: Int64

    init(from source: Int64, to destination: Int64) {
        self.source = source
        self.destination = destination
    }

    func run(_ db: Database) throws {
        let destinationGeneral = try generalProject(db, workspaceID: destination)
        let sourceGeneral = destinationGeneral == nil ? nil : try generalProject(db, workspaceID: source)
        try checkConflicts(db, skippingProject: sourceGeneral)
        if let sourceGeneral, let destinationGeneral {
            try merge(db, project: sourceGeneral, into: destinationGeneral)
        }
        for table in ["agents", "agent_api_keys", "users", "user_sessions", "projects", "tasks", "comments", "quality_reviews"] {
            try db.execute(
                sql: "UPDATE \(table) SET workspace_id = ? WHERE workspace_id = ?", arguments: [destination, source])
        }
    }

    private func generalProject(_ db: Database, workspaceID: Int64) throws -> Int64? {
        try Int64.fetchOne(
            db, sql: "SELECT id FROM projects WHERE workspace_id = ? AND slug = 'general'", arguments: [workspaceID])
    }

    /// 409 when an agent name, project slug or ticket prefix is already used in the destination.
    private func checkConflicts(_ db: Database, skippingProject skipped: Int64?) throws {
        let agents = try String.fetchAll(
            db,
            sql: """
                SELECT a.name FROM agents a
                WHERE a.workspace_id = ? AND EXISTS (SELECT 1 FROM agents b WHERE b.workspace_id = ? AND b.name = a.name)
                ORDER BY a.name
                """,
            arguments: [source, destination])
        if !agents.isEmpty {
            throw APIError(
                .conflict,
                "Cannot move agents to the default workspace: name already in use there: " + agents.joined(separator: ", "))
        }
        let projects = try String.fetchAll(
            db,
            sql: """
                SELECT p.name FROM projects p
                WHERE p.workspace_id = ? AND p.id IS NOT ?
                  AND EXISTS (SELECT 1 FROM projects q WHERE q.workspace_id = ?
                              AND (q.slug = p.slug OR q.ticket_prefix = p.ticket_prefix))
                ORDER BY p.name
                """,
            arguments: [source, skipped, destination])
        if !projects.isEmpty {
            throw APIError(
                .conflict,
                "Cannot move projects to the default workspace: slug or ticket prefix already in use there: "
                    + projects.joined(separator: ", "))
        }
    }

    /// Moves a project's tasks (renumbered, oldest first) and assignments into another project
    /// of the destination, then deletes it.
    private func merge(_ db: Database, project: Int64, into general: Int64) throws {
        let now = TaskWriteSupport.now()
        for taskID in try Int64.fetchAll(
            db, sql: "SELECT id FROM tasks WHERE project_id = ? ORDER BY created_at, id", arguments: [project])
        {
            let number = try TaskWriteSupport.allocateTicket(db, projectID: general)
            try db.execute(
                sql: "UPDATE tasks SET project_id = ?, project_ticket_no = ?, updated_at = ? WHERE id = ?",
                arguments: [general, number, now, taskID])
        }
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO project_agent_assignments (project_id, agent_name, role, assigned_at)
                SELECT ?, agent_name, role, assigned_at FROM project_agent_assignments WHERE project_id = ?
                """,
            arguments: [general, project])
        try db.execute(sql: "DELETE FROM projects WHERE id = ?", arguments: [project])
    }
}
