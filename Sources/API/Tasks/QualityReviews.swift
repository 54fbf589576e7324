import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Quality reviews (reference §7.7): the review history, the latest review per task, and
/// recording a review, which moves the task (approved → `done`, rejected → `in_progress`).
///
/// Difference from the original (quirk 4): the `done` gate and this route agree — the gate
/// reads the latest review whoever wrote it, and an approval sets `completed_at`.
struct QualityReviews {
    let database: EventedDatabase

    /// A validated review.
    struct Input: Sendable {
        var taskID: Int64
        var reviewer: String
        var status: String
        var notes: String
    }

    static func input(_ body: [String: JSONValue]) throws -> Input {
        var check = FieldValidator(body)
        let taskID = check.number("taskId", required: true)
        let reviewer = check.string("reviewer") ?? "aegis"
        let status = check.option("status", ["approved", "rejected"], required: true)
        let notes = check.string("notes", min: 1, required: true, minMessage: "Notes are required for quality reviews")
        if let taskID, taskID.rounded() != taskID { check.issue("taskId", "Invalid input: expected int, received number") }
        try check.check()
        return Input(taskID: Int64(taskID ?? 0), reviewer: reviewer, status: status ?? "", notes: notes ?? "")
    }

    /// The task's latest ten reviews, newest first.
    func reviews(taskID: Int64, workspaceID: Int64) async throws -> [JSONValue] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, task_id, reviewer, status, notes, created_at, workspace_id FROM quality_reviews
                    WHERE task_id = ? AND workspace_id = ? ORDER BY id DESC LIMIT 10
                    """,
                arguments: [taskID, workspaceID]
            ).map { row in
                [
                    "id": .number(Double(row["id"] as Int64)), "task_id": .number(Double(row["task_id"] as Int64)),
                    "reviewer": .string(row["reviewer"]), "status": .string(row["status"]),
                    "notes": (row["notes"] as String?).map(JSONValue.string) ?? .null,
                    "created_at": .number(Double(row["created_at"] as Int64)),
                    "workspace_id": .number(Double(row["workspace_id"] as Int64)),
                ]
            }
        }
    }

    /// The latest review of each task (`null` for tasks without one).
    func latest(taskIDs: [Int64], workspaceID: Int64) async throws -> [String: JSONValue] {
        try await database.read { db in
            var latest: [String: JSONValue] = [:]
            for id in taskIDs {
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT status, reviewer, created_at FROM quality_reviews
                        WHERE task_id = ? AND workspace_id = ? ORDER BY id DESC LIMIT 1
                        """,
                    arguments: [id, workspaceID])
                latest[String(id)] = row.map { row in
                    [
                        "status": .string(row["status"]), "reviewer": .string(row["reviewer"]),
                        "created_at": .number(Double(row["created_at"] as Int64)),
                    ]
                } ?? .null
            }
            return latest
        }
    }

    /// Records the review and moves the task; returns the review id.
    func record(_ input: Input, identity: Identity) async throws -> Int64 {
        let workspaceID = identity.workspaceID
        return try await database.write { db, events in
            guard let task = try TaskQueries.header(db, id: input.taskID, workspaceID: workspaceID) else {
                throw APIError(.notFound, "Task not found")
            }
            let now = TaskWriteSupport.now()
            try db.execute(
                sql: """
                    INSERT INTO quality_reviews (task_id, reviewer, status, notes, created_at, workspace_id)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [input.taskID, input.reviewer, input.status, input.notes, now, workspaceID])
            let reviewID = db.lastInsertedRowID
            let approved = input.status == "approved"
            let newStatus = approved ? "done" : "in_progress"
            if approved {
                try db.execute(
                    sql: "UPDATE tasks SET status = 'done', updated_at = ?, completed_at = COALESCE(completed_at, ?) WHERE id = ?",
                    arguments: [now, now, input.taskID])
            } else {
                try db.execute(
                    sql: "UPDATE tasks SET status = 'in_progress', updated_at = ?, error_message = ? WHERE id = ?",
                    arguments: [now, "Quality review rejected by \(input.reviewer): \(input.notes)", input.taskID])
            }
            try ActivityLog.append(
                db, events: &events, type: "quality_review", entityType: "task", entityID: input.taskID,
                actor: input.reviewer, description: "Quality review \(input.status) for task: \(task.title)",
                data: ["status": .string(input.status), "notes": .string(input.notes), "review_id": .number(Double(reviewID))],
                workspaceID: workspaceID)
            try TaskWriteSupport.event(
                db, &events, type: "task.status_changed", workspaceID: workspaceID,
                payload: [
                    "id": .number(Double(input.taskID)), "status": .string(newStatus),
                    "previous_status": .string(task.status), "updated_at": .number(Double(now)),
                ])
            return reviewID
        }
    }
}
