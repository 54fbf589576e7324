import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Project writes (reference §7.3): create, archive or delete, and agent assignments.
struct ProjectCommands {
    let database: EventedDatabase

    /// Creates a project; prefix and slug derive from the name when not given.
    func create(_ body: JSONBody, workspaceID: Int64) async throws -> JSONValue {
        let name = (try body.string("name") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw APIError(.badRequest, "Project name is required") }
        let slug = ProjectNaming.slug(try body.string("slug") ?? name)
        guard !slug.isEmpty else { throw APIError(.badRequest, "Invalid project slug") }
        let requestedPrefix = try body.string("ticket_prefix") ?? body.string("ticketPrefix")
        let prefix = requestedPrefix.map(ProjectNaming.ticketPrefix) ?? ProjectNaming.defaultPrefix(name: name)
        guard !prefix.isEmpty else { throw APIError(.badRequest, "Invalid ticket prefix") }
        let description = try body.string("description")
        let githubRepo = try body.string("github_repo")
        let color = try body.string("color")
        guard body.fields["deadline"] == nil || body.fields["deadline"] == .null || body.fields["deadline"]?.doubleValue != nil
        else { throw APIError(.badRequest, "deadline must be a number") }
        let deadline = body.fields["deadline"]?.doubleValue.map { Int64($0) }
        return try await database.write { db, _ in
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS(SELECT 1 FROM projects WHERE workspace_id = ? AND (slug = ? OR ticket_prefix = ?))",
                arguments: [workspaceID, slug, prefix]) ?? false
            if taken { throw APIError(.conflict, "Project slug or ticket prefix already exists") }
            let now = TaskWriteSupport.now()
            try db.execute(
                sql: """
                    INSERT INTO projects (workspace_id, name, slug, description, ticket_prefix, github_repo, deadline, color,
                                          created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [workspaceID, name, slug, description, prefix, githubRepo, deadline, color, now, now])
            return try ProjectQueries.find(db, id: db.lastInsertedRowID, workspaceID: workspaceID) ?? .null
        }
    }

    /// Archives the project, or deletes it after moving its tasks (with new ticket numbers) to
    /// the `general` project. The default project can be neither.
    func remove(id: Int64, mode: String, workspaceID: Int64) async throws {
        try await database.write { db, _ in
            let slug = try ProjectQueries.require(db, id: id, workspaceID: workspaceID)
            guard slug != "general" else { throw APIError(.badRequest, "Default project cannot be deleted") }
            let now = TaskWriteSupport.now()
            guard mode == "delete" else {
                try db.execute(sql: "UPDATE projects SET status = 'archived', updated_at = ? WHERE id = ?", arguments: [now, id])
                return
            }
            guard let general = try Int64.fetchOne(
                db, sql: "SELECT id FROM projects WHERE workspace_id = ? AND slug = 'general'", arguments: [workspaceID])
            else { throw APIError(.internalServerError, "Default project missing") }
            for taskID in try Int64.fetchAll(
                db, sql: "SELECT id FROM tasks WHERE project_id = ? AND workspace_id = ? ORDER BY created_at, id",
                arguments: [id, workspaceID])
            {
                let number = try TaskWriteSupport.allocateTicket(db, projectID: general)
                try db.execute(
                    sql: "UPDATE tasks SET project_id = ?, project_ticket_no = ?, updated_at = ? WHERE id = ?",
                    arguments: [general, number, now, taskID])
            }
            try db.execute(sql: "DELETE FROM projects WHERE id = ?", arguments: [id])
        }
    }

    func assignments(projectID: Int64, workspaceID: Int64) async throws -> [JSONValue] {
        try await database.read { db in
            try ProjectQueries.require(db, id: projectID, workspaceID: workspaceID)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT id, project_id, agent_name, role, assigned_at FROM project_agent_assignments
                    WHERE project_id = ? ORDER BY assigned_at, id
                    """,
                arguments: [projectID]
            ).map { row in
                [
                    "id": .number(Double(row["id"] as Int64)), "project_id": .number(Double(row["project_id"] as Int64)),
                    "agent_name": .string(row["agent_name"]), "role": (row["role"] as String?).map(JSONValue.string) ?? .null,
                    "assigned_at": .number(Double(row["assigned_at"] as Int64)),
                ]
            }
        }
    }

    /// Assigns an agent (idempotent) or, with `role` nil and `remove`, unassigns it.
    func setAssignment(projectID: Int64, agentName: String, role: String?, remove: Bool, workspaceID: Int64) async throws {
        try await database.write { db, _ in
            try ProjectQueries.require(db, id: projectID, workspaceID: workspaceID)
            if remove {
                try db.execute(
                    sql: "DELETE FROM project_agent_assignments WHERE project_id = ? AND agent_name = ?",
                    arguments: [projectID, agentName])
            } else {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO project_agent_assignments (project_id, agent_name, role) VALUES (?, ?, ?)",
                    arguments: [projectID, agentName, role ?? "member"])
            }
        }
    }
}
