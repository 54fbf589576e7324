import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `GET /api/tasks/queue` (reference §9.7): hands an agent its next task. The check of the
/// agent's load and the claim run in ONE write transaction, so two agents polling at once
/// never claim the same task (SQLite serialises writers; the pick and the update see the same
/// snapshot).
struct TaskQueueService: Sendable {
    let database: EventedDatabase

    static let missingAgentMessage = "Missing agent. Provide ?agent=... or x-agent-name header."
    static let capacityMessage = "Invalid max_capacity. Expected integer 1..20."
    static let scopeMessage = "Access denied: agent key may only access its own agent."

    /// A validated poll.
    struct Poll: Sendable {
        var agent: String
        var maxCapacity: Int

        /// `agent` query (trimmed), else the caller's agent name (agent key or `x-agent-name`);
        /// `max_capacity` digits only, 1...20, default 1. Scoped callers only poll for themselves.
        init(agent queryAgent: String?, maxCapacity raw: String?, identity: Identity) throws {
            let requested = queryAgent?.trimmingCharacters(in: .whitespaces) ?? ""
            let own = identity.agentName?.trimmingCharacters(in: .whitespaces) ?? ""
            let agent = requested.isEmpty ? own : requested
            guard !agent.isEmpty else { throw APIError(.badRequest, TaskQueueService.missingAgentMessage) }
            if identity.isAgentScoped, agent != own { throw APIError(.forbidden, TaskQueueService.scopeMessage) }
            let text = (raw ?? "").isEmpty ? "1" : raw ?? "1"
            guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text), (1...20).contains(value) else {
                throw APIError(.badRequest, TaskQueueService.capacityMessage)
            }
            self.agent = agent
            self.maxCapacity = value
        }
    }

    /// Priority order of the claim: critical first, unknown priorities last.
    static let priorityRank = """
        CASE priority WHEN 'critical' THEN 0 WHEN 'urgent' THEN 1 WHEN 'high' THEN 2
            WHEN 'medium' THEN 3 WHEN 'low' THEN 4 ELSE 5 END
        """

    /// Answers a poll: `continue_current`, `assigned`, `at_capacity` or `no_tasks_available`.
    func poll(_ poll: Poll, actor: Identity) async throws -> JSONValue {
        let workspaceID = actor.workspaceID
        let (task, reason, now) = try await database.write { db, events -> (JSONValue, String, Int64) in
            let now = TaskWriteSupport.now()
            let current = try Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM tasks WHERE workspace_id = ? AND assigned_to = ? AND status = 'in_progress'
                    ORDER BY updated_at DESC, id DESC LIMIT 1
                    """, arguments: [workspaceID, poll.agent])
            let load = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM tasks WHERE workspace_id = ? AND assigned_to = ? AND status = 'in_progress'",
                arguments: [workspaceID, poll.agent]) ?? 0
            if load >= poll.maxCapacity {
                // One slot: the answer is the task in it. Several: "which one" is ambiguous.
                if poll.maxCapacity == 1, let current {
                    return (try TaskQueries.find(db, id: current, workspaceID: workspaceID) ?? .null, "continue_current", now)
                }
                return (.null, "at_capacity", now)
            }
            if let claimed = try Self.claim(db, &events, agent: poll.agent, workspaceID: workspaceID, now: now) {
                return (claimed, "assigned", now)
            }
            if let current {
                return (try TaskQueries.find(db, id: current, workspaceID: workspaceID) ?? .null, "continue_current", now)
            }
            return (.null, "no_tasks_available", now)
        }
        return [
            "task": task, "reason": .string(reason), "agent": .string(poll.agent), "timestamp": .number(Double(now)),
        ]
    }

    /// Claims the best open task for `agent` (assigned to it or unassigned, in `assigned` or
    /// `inbox`), records the move and returns the task; nil when there is none.
    private static func claim(
        _ db: Database, _ events: inout [StoredEvent], agent: String, workspaceID: Int64, now: Int64
    ) throws -> JSONValue? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, status, title FROM tasks
                    WHERE workspace_id = ? AND status IN ('assigned', 'inbox') AND (assigned_to IS NULL OR assigned_to = ?)
                    ORDER BY \(priorityRank) ASC, due_date IS NULL, due_date ASC, created_at ASC, id ASC LIMIT 1
                    """, arguments: [workspaceID, agent])
        else { return nil }
        let id: Int64 = row["id"]
        let previous: String = row["status"]
        let title: String = row["title"]
        try db.execute(
            sql: "UPDATE tasks SET status = 'in_progress', assigned_to = ?, updated_at = ? WHERE id = ? AND workspace_id = ?",
            arguments: [agent, now, id, workspaceID])
        try ActivityLog.append(
            db, events: &events, type: "task_updated", entityType: "task", entityID: id, actor: agent,
            description: "Task \"\(title)\" claimed from the queue by \(agent) (\(previous) → in_progress)",
            data: ["from": .string(previous), "to": "in_progress", "assigned_to": .string(agent), "via": "queue"],
            workspaceID: workspaceID)
        try TaskWriteSupport.event(
            db, &events, type: "task.status_changed", workspaceID: workspaceID,
            payload: [
                "id": .number(Double(id)), "status": "in_progress", "previous_status": .string(previous),
                "assigned_to": .string(agent), "reason": "queue_claim", "updated_at": .number(Double(now)),
            ])
        return try TaskQueries.find(db, id: id, workspaceID: workspaceID)
    }
}
