import Foundation
import GRDB
import HTTPTypes
import MCShared

/// The writes that task creation, updates, comments and reviews share: project resolution,
/// ticket numbers, subscriptions and the task events.
enum TaskWriteSupport {
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// The project a new task goes to: the requested one when active in the workspace, else
    /// `general`, else the oldest active project. A workspace without any active project (one
    /// created through the API, quirk 10) gets its `General` project here instead of a 500.
    static func resolveProject(_ db: Database, requested: Int64?, workspaceID: Int64) throws -> Int64 {
        if let requested,
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM projects WHERE id = ? AND workspace_id = ? AND status = 'active'",
                arguments: [requested, workspaceID])
        {
            return id
        }
        if let id = try Int64.fetchOne(
            db,
            sql: """
                SELECT id FROM projects WHERE workspace_id = ? AND status = 'active'
                ORDER BY (slug = 'general') DESC, id LIMIT 1
                """,
            arguments: [workspaceID])
        {
            return id
        }
        let prefixTaken = try Bool.fetchOne(
            db, sql: "SELECT EXISTS(SELECT 1 FROM projects WHERE workspace_id = ? AND ticket_prefix = 'TASK')",
            arguments: [workspaceID]) ?? false
        try db.execute(
            sql: """
                INSERT INTO projects (workspace_id, name, slug, description, ticket_prefix)
                VALUES (?, 'General', ?, 'Default project for uncategorized tasks', ?)
                """,
            arguments: [workspaceID, prefixTaken ? "general-\(now())" : "general", prefixTaken ? "GEN\(now() % 100_000)" : "TASK"])
        return db.lastInsertedRowID
    }

    /// The next ticket number of a project, taken in the caller's transaction: the counter is
    /// incremented and read back in one statement, so concurrent creations never share one.
    static func allocateTicket(_ db: Database, projectID: Int64) throws -> Int64 {
        guard
            let number = try Int64.fetchOne(
                db,
                sql: "UPDATE projects SET ticket_counter = ticket_counter + 1 WHERE id = ? RETURNING ticket_counter",
                arguments: [projectID])
        else { throw APIError(.badRequest, "Project not found or archived") }
        return number
    }

    /// Subscribes `names` (users or agents) to the task; existing subscriptions stay.
    static func subscribe(_ db: Database, taskID: Int64, names: [String]) throws {
        for name in Set(names) where !name.isEmpty {
            try db.execute(
                sql: "INSERT OR IGNORE INTO task_subscriptions (task_id, agent_name) VALUES (?, ?)",
                arguments: [taskID, name])
        }
    }

    /// Appends a task event whose payload carries the workspace id.
    static func event(
        _ db: Database, _ events: inout [StoredEvent], type: String, workspaceID: Int64, payload: JSONValue
    ) throws {
        var body = payload
        if case .object(var fields) = body {
            fields["workspace_id"] = .number(Double(workspaceID))
            body = .object(fields)
        }
        events.append(try EventLog.append(db, type: type, workspaceID: workspaceID, payload: body))
    }

    /// The JSON text stored in `tags`/`metadata`.
    static func text(_ value: JSONValue) -> String { String(decoding: value.jsonBytes, as: UTF8.self) }

    /// The name the caller acts under in records: the agent's name for agents, else the
    /// display name (falling back to the username).
    static func actorName(_ identity: Identity) -> String {
        if let agent = identity.agentName, !agent.isEmpty { return agent }
        return identity.displayName.isEmpty ? identity.username : identity.displayName
    }

    /// Throws the agent-scope 403 when a scoped caller touches a task that is not theirs.
    static func checkScope(_ identity: Identity, assignee: String?) throws {
        if identity.isAgentScoped, assignee != identity.agentName {
            throw APIError(.forbidden, TaskRules.agentScopeMessage)
        }
    }
}
