import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `PUT /api/tasks/{id}`: applies the supplied fields in one transaction with the review gate,
/// project moves (a new ticket number), notifications, `task_updated` and `task.updated`.
struct TaskUpdate {
    let database: EventedDatabase

    /// The updated task, or the unchanged one (`unchanged` true) when no field was supplied.
    func update(id: Int64, _ fields: TaskFields, identity: Identity) async throws -> (task: JSONValue, unchanged: Bool) {
        let workspaceID = identity.workspaceID
        let actor = identity.username
        return try await database.write { db, events in
            guard let current = try Row.fetchOne(
                db,
                sql: "SELECT title, description, status, priority, assigned_to, project_id, outcome, completed_at FROM tasks WHERE id = ? AND workspace_id = ?",
                arguments: [id, workspaceID])
            else { throw APIError(.notFound, "Task not found") }
            let oldAssignee: String? = current["assigned_to"]
            try TaskWriteSupport.checkScope(identity, assignee: oldAssignee)
            if fields.isEmpty { return (try TaskQueries.find(db, id: id, workspaceID: workspaceID) ?? .null, true) }

            let oldStatus: String = current["status"]
            let newAssignee: String? = fields.assignedTo.map { ($0 ?? "").isEmpty ? nil : $0 } ?? oldAssignee
            let status = TaskRules.updatedStatus(
                current: oldStatus, requested: fields.status, assigneeSupplied: fields.assignedTo != nil,
                newAssignee: newAssignee)
            let latest = try TaskQueries.latestReviewStatus(db, taskID: id, workspaceID: workspaceID)
            guard TaskRules.reviewGateAllows(current: oldStatus, target: status, latestReview: latest) else {
                throw APIError(.forbidden, TaskRules.reviewGateMessage)
            }
            let title = fields.title ?? current["title"]
            let oldDescription: String? = current["description"]
            var newlyMentioned: [Mentions.Target] = []
            if let description = fields.description {
                // Only people the old description did not already mention hear about it again.
                let directory = try Mentions.directory(db, workspaceID: workspaceID)
                let before = Set(Mentions.tokens(in: oldDescription ?? "").compactMap { directory[$0.lowercased()]?.recipient })
                newlyMentioned = try Mentions.resolve(db, text: description, workspaceID: workspaceID).filter { target in
                    !before.contains(target.recipient)
                }
            }
            var assignments: [(String, (any DatabaseValueConvertible)?)] = []
            var changes: [String] = []
            let now = TaskWriteSupport.now()
            if let projectID = fields.projectID, projectID != current["project_id"] {
                guard try Int64.fetchOne(
                    db, sql: "SELECT id FROM projects WHERE id = ? AND workspace_id = ? AND status = 'active'",
                    arguments: [projectID, workspaceID]) != nil
                else { throw APIError(.badRequest, "Project not found or archived") }
                assignments += [("project_id", projectID), ("project_ticket_no", try TaskWriteSupport.allocateTicket(db, projectID: projectID))]
                changes.append("project")
            }
            if let value = fields.title { assignments.append(("title", value)); if value != current["title"] { changes.append("title") } }
            if let value = fields.description { assignments.append(("description", value)) }
            if status != oldStatus { assignments.append(("status", status)); changes.append("status") }
            if let value = fields.priority { assignments.append(("priority", value)); if value != current["priority"] { changes.append("priority") } }
            if fields.assignedTo != nil { assignments.append(("assigned_to", newAssignee)); if newAssignee != oldAssignee { changes.append("assigned_to") } }
            if let value = fields.dueDate { assignments.append(("due_date", value)) }
            if let value = fields.estimatedHours { assignments.append(("estimated_hours", value)) }
            if let value = fields.actualHours { assignments.append(("actual_hours", value)) }
            if let value = fields.outcome { assignments.append(("outcome", value)); if value != current["outcome"] { changes.append("outcome") } }
            if let value = fields.errorMessage { assignments.append(("error_message", value)) }
            if let value = fields.resolution { assignments.append(("resolution", value)) }
            if let value = fields.feedbackNotes { assignments.append(("feedback_notes", value)) }
            if let value = fields.feedbackRating { assignments.append(("feedback_rating", value)) }
            if let value = fields.retryCount { assignments.append(("retry_count", value)) }
            if let tags = fields.tags { assignments.append(("tags", TaskWriteSupport.text(.array(tags.map(JSONValue.string))))) }
            if let metadata = fields.metadata { assignments.append(("metadata", TaskWriteSupport.text(metadata))) }
            if let value = fields.completedAt {
                assignments.append(("completed_at", value))
            } else if status == "done", oldStatus != "done", (current["completed_at"] as Int64?) == nil {
                assignments.append(("completed_at", now))
            }
            assignments.append(("updated_at", now))
            try db.execute(
                sql: "UPDATE tasks SET \(assignments.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE id = ?",
                arguments: StatementArguments(assignments.map(\.1) + [id] as [(any DatabaseValueConvertible)?]))

            if status != oldStatus, let oldAssignee {
                try NotificationLog.append(
                    db, events: &events, recipient: oldAssignee, type: "status_change", title: "Task Status Updated",
                    message: "Task \"\(title)\" status changed to \(status)", sourceType: "task", sourceID: id,
                    workspaceID: workspaceID)
            }
            if let newAssignee, newAssignee != oldAssignee {
                try TaskWriteSupport.subscribe(db, taskID: id, names: [newAssignee])
                try NotificationLog.append(
                    db, events: &events, recipient: newAssignee, type: "assignment", title: "Task Assigned",
                    message: "You have been assigned to task: \(title)", sourceType: "task", sourceID: id,
                    workspaceID: workspaceID)
            }
            try TaskWriteSupport.subscribe(db, taskID: id, names: newlyMentioned.map(\.recipient))
            let mentionActor = TaskWriteSupport.actorName(identity)
            for target in newlyMentioned where target.recipient != mentionActor && target.recipient != actor {
                try NotificationLog.append(
                    db, events: &events, recipient: target.recipient, type: "mention",
                    title: "You were mentioned in a task description",
                    message: "\(mentionActor) mentioned you in task \"\(title)\"", sourceType: "task", sourceID: id,
                    workspaceID: workspaceID)
            }
            if !changes.isEmpty {
                try ActivityLog.append(
                    db, events: &events, type: "task_updated", entityType: "task", entityID: id, actor: actor,
                    description: "Updated task: \(title)",
                    data: [
                        "changes": .array(changes.map(JSONValue.string)), "old_status": .string(oldStatus),
                        "new_status": .string(status),
                    ],
                    workspaceID: workspaceID)
            }
            let task = try TaskQueries.find(db, id: id, workspaceID: workspaceID) ?? .null
            try TaskWriteSupport.event(db, &events, type: "task.updated", workspaceID: workspaceID, payload: task)
            return (task, false)
        }
    }
}
