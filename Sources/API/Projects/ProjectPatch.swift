import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `PATCH /api/projects/{id}`: the original's strict schema (unknown keys rejected, at least
/// one key) and the update, including replacing the set of assigned agents.
struct ProjectPatch: Sendable {
    static let allowedKeys: Set<String> = [
        "name", "description", "ticket_prefix", "ticketPrefix", "status", "github_repo", "deadline", "color",
        "github_sync_enabled", "github_labels_initialized", "github_default_branch", "assigned_agents",
    ]

    /// Column assignments, in order.
    var assignments: [(String, DatabaseValue)] = []
    var prefix: String?
    var archiving = false
    var agents: [String]?

    init(_ body: [String: JSONValue]) throws {
        var check = FieldValidator(body)
        for key in body.keys.sorted() where !Self.allowedKeys.contains(key) { check.issue("", "Unrecognized key: \"\(key)\"") }
        if body.isEmpty { check.issue("", "At least one field must be provided") }
        if let name = check.string("name", min: 1, max: 200) {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty, !name.isEmpty { check.issue("name", "Too small: expected string to have >=1 characters") }
            assignments.append(("name", (trimmed).databaseValue))
        }
        if body["description"] != nil { assignments.append(("description", check.string("description", max: 5000, nullable: true).databaseValue)) }
        if body["ticket_prefix"] != nil, body["ticketPrefix"] != nil {
            check.issue("ticket_prefix", "Provide either ticket_prefix or ticketPrefix, not both")
        }
        prefix = check.string("ticket_prefix", max: 64) ?? check.string("ticketPrefix", max: 64)
        if let status = check.option("status", ["active", "archived"]) {
            assignments.append(("status", (status).databaseValue))
            archiving = status == "archived"
        }
        if body["github_repo"] != nil { assignments.append(("github_repo", check.string("github_repo", max: 200, nullable: true).databaseValue)) }
        if body["deadline"] != nil {
            let deadline = check.number("deadline", min: 0, max: TaskFields.maximumTimestamp, integer: true, nullable: true)
            assignments.append(("deadline", deadline.map { Int64($0) }.databaseValue))
        }
        if body["color"] != nil { assignments.append(("color", check.string("color", max: 32, nullable: true).databaseValue)) }
        for flag in ["github_sync_enabled", "github_labels_initialized"] {
            switch body[flag] {
            case nil: break
            case .bool(let value)?: assignments.append((flag, (value ? 1 : 0).databaseValue))
            case .number(let value)? where value == 0 || value == 1: assignments.append((flag, Int(value).databaseValue))
            default: check.issue(flag, "Invalid input: expected boolean, received \(FieldValidator.typeName(body[flag]))")
            }
        }
        if let branch = check.string("github_default_branch", min: 1, max: 255) { assignments.append(("github_default_branch", (branch).databaseValue)) }
        if let value = body["assigned_agents"] {
            if case .array(let items) = value {
                if items.count > 100 { check.issue("assigned_agents", "Too big: expected array to have <=100 items") }
                var names: [String] = []
                for (index, item) in items.enumerated() {
                    if let name = check.string("a", min: 1, max: 100, required: true, path: "assigned_agents.\(index)", in: ["a": item]) {
                        names.append(name)
                    }
                }
                if Set(names).count != names.count { check.issue("assigned_agents", "Agent names must be unique") }
                agents = names
            } else {
                check.issue("assigned_agents", "Invalid input: expected array, received \(FieldValidator.typeName(value))")
            }
        }
        try check.check()
    }

    /// Applies the patch to a project of the workspace.
    func apply(_ db: Database, id: Int64, workspaceID: Int64) throws {
        let slug = try ProjectQueries.require(db, id: id, workspaceID: workspaceID)
        if archiving, slug == "general" { throw APIError(.badRequest, "Default project cannot be archived") }
        var assignments = self.assignments
        if let prefix {
            let normalised = ProjectNaming.ticketPrefix(prefix)
            guard !normalised.isEmpty else { throw APIError(.badRequest, "Invalid ticket prefix") }
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS(SELECT 1 FROM projects WHERE workspace_id = ? AND ticket_prefix = ? AND id != ?)",
                arguments: [workspaceID, normalised, id]) ?? false
            if taken { throw APIError(.conflict, "Ticket prefix already in use") }
            assignments.append(("ticket_prefix", (normalised).databaseValue))
        }
        if let agents {
            let known = Set(try String.fetchAll(db, sql: "SELECT name FROM agents WHERE workspace_id = ?", arguments: [workspaceID]))
            let unknown = agents.filter { !known.contains($0) }
            guard unknown.isEmpty else {
                throw APIDetailedError(
                    .badRequest, ["error": "Unknown project agents", "details": .array(unknown.map(JSONValue.string))])
            }
            try db.execute(sql: "DELETE FROM project_agent_assignments WHERE project_id = ?", arguments: [id])
            for agent in agents {
                try db.execute(
                    sql: "INSERT INTO project_agent_assignments (project_id, agent_name) VALUES (?, ?)", arguments: [id, agent])
            }
        }
        assignments.append(("updated_at", (TaskWriteSupport.now()).databaseValue))
        try db.execute(
            sql: "UPDATE projects SET \(assignments.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE id = ?",
            arguments: StatementArguments(assignments.map(\.1) + [id.databaseValue]))
    }
}
