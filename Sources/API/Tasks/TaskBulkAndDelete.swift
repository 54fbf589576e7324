import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Bulk status moves (`PUT /api/tasks`) and deletion (`DELETE /api/tasks/{id}`).
struct TaskBulkAndDelete {
    let database: EventedDatabase

    /// Validates `{tasks:[{id,status}]}` (1..100 items).
    static func moves(_ body: [String: JSONValue]) throws -> [(id: Int64, status: String)] {
        var check = FieldValidator(body)
        guard case .array(let items)? = body["tasks"] else {
            check.issue("tasks", "Invalid input: expected array, received \(FieldValidator.typeName(body["tasks"]))")
            throw check.failure
        }
        if items.isEmpty { check.issue("tasks", "At least one task is required") }
        if items.count > 100 { check.issue("tasks", "Too big: expected array to have <=100 items") }
        var moves: [(id: Int64, status: String)] = []
        for (index, item) in items.enumerated() {
            guard case .object(let fields) = item else {
                check.issue("tasks.\(index)", "Invalid input: expected object, received \(FieldValidator.typeName(item))")
                continue
            }
            var itemCheck = FieldValidator(fields)
            itemCheck.pathPrefix = "tasks.\(index)."
            let id = itemCheck.number("id", min: 0, integer: true, exclusiveMinimum: true, required: true)
            let status = itemCheck.option("status", TaskRules.statuses, required: true)
            check.absorb(itemCheck)
            if let id, let status, itemCheck.issues.isEmpty { moves.append((Int64(id), status)) }
        }
        try check.check()
        return moves
    }

    /// Applies the moves in one transaction and returns how many tasks actually changed
    /// status (quirk 9: not the number of items sent). Any move into `done` without an
    /// approving latest review rolls the whole batch back with a 403.
    func apply(_ moves: [(id: Int64, status: String)], identity: Identity) async throws -> Int {
        let workspaceID = identity.workspaceID
        return try await database.write { db, events in
            var updated = 0
            for move in moves {
                guard let header = try TaskQueries.header(db, id: move.id, workspaceID: workspaceID) else { continue }
                try TaskWriteSupport.checkScope(identity, assignee: header.assignee)
                guard header.status != move.status else { continue }
                let latest = try TaskQueries.latestReviewStatus(db, taskID: move.id, workspaceID: workspaceID)
                guard TaskRules.reviewGateAllows(current: header.status, target: move.status, latestReview: latest) else {
                    throw APIError(.forbidden, "Aegis approval required for task \(move.id)")
                }
                let now = TaskWriteSupport.now()
                try db.execute(
                    sql: """
                        UPDATE tasks SET status = ?, updated_at = ?,
                            completed_at = CASE WHEN ? = 'done' AND completed_at IS NULL THEN ? ELSE completed_at END
                        WHERE id = ?
                        """,
                    arguments: [move.status, now, move.status, now, move.id])
                updated += 1
                try ActivityLog.append(
                    db, events: &events, type: "task_updated", entityType: "task", entityID: move.id,
                    actor: identity.username, description: "Task moved from \(header.status) to \(move.status)",
                    data: ["old_status": .string(header.status), "new_status": .string(move.status)],
                    workspaceID: workspaceID)
                try TaskWriteSupport.event(
                    db, &events, type: "task.status_changed", workspaceID: workspaceID,
                    payload: ["id": .number(Double(move.id)), "status": .string(move.status), "updated_at": .number(Double(now))])
            }
            return updated
        }
    }

    /// Deletes a task of the caller's workspace (comments, subscriptions and reviews cascade).
    func delete(id: Int64, identity: Identity) async throws {
        let workspaceID = identity.workspaceID
        try await database.write { db, events in
            guard let header = try TaskQueries.header(db, id: id, workspaceID: workspaceID) else {
                throw APIError(.notFound, "Task not found")
            }
            try TaskWriteSupport.checkScope(identity, assignee: header.assignee)
            try db.execute(sql: "DELETE FROM tasks WHERE id = ?", arguments: [id])
            try ActivityLog.append(
                db, events: &events, type: "task_deleted", entityType: "task", entityID: id, actor: identity.username,
                description: "Deleted task: \(header.title)", data: ["title": .string(header.title)],
                workspaceID: workspaceID)
            try TaskWriteSupport.event(
                db, &events, type: "task.deleted", workspaceID: workspaceID,
                payload: ["id": .number(Double(id)), "title": .string(header.title)])
        }
    }
}
