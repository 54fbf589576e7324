import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `POST /api/tasks` in one transaction: project and ticket number, the row, subscriptions,
/// mention and assignment notifications, the `task_created` activity and `task.created`.
struct TaskCreation {
    let database: EventedDatabase
    /// `MC_COORDINATOR_AGENT`: the assignee of tasks created without one.
    let coordinator: String?

    func create(_ fields: TaskFields, identity: Identity) async throws -> JSONValue {
        let workspaceID = identity.workspaceID
        let actor = identity.displayName.isEmpty ? identity.username : identity.displayName
        let requested = (fields.assignedTo ?? nil).flatMap { $0.isEmpty ? nil : $0 }
        let fallback = (coordinator ?? "").isEmpty ? nil : coordinator
        let assignee = requested ?? fallback
        let status = TaskRules.creationStatus(fields.status ?? "inbox", assignee: assignee)
        let title = fields.title ?? ""
        return try await database.write { db, events in
            let description = fields.description ?? nil
            let mentioned = try Mentions.resolve(db, text: description, workspaceID: workspaceID)
            let projectID = try TaskWriteSupport.resolveProject(db, requested: fields.projectID, workspaceID: workspaceID)
            let ticket = try TaskWriteSupport.allocateTicket(db, projectID: projectID)
            let now = TaskWriteSupport.now()
            let completedAt = (fields.completedAt ?? nil) ?? (status == "done" ? now : nil)
            try db.execute(
                sql: """
                    INSERT INTO tasks (title, description, status, priority, assigned_to, created_by, created_at, updated_at,
                                       due_date, estimated_hours, actual_hours, tags, metadata, workspace_id, project_id,
                                       project_ticket_no, outcome, error_message, resolution, feedback_rating,
                                       feedback_notes, retry_count, completed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    title, description, status, fields.priority ?? "medium", assignee, actor, now, now,
                    fields.dueDate ?? nil, fields.estimatedHours ?? nil, fields.actualHours ?? nil,
                    TaskWriteSupport.text(.array((fields.tags ?? []).map(JSONValue.string))),
                    TaskWriteSupport.text(fields.metadata ?? .object([:])), workspaceID, projectID, ticket,
                    fields.outcome ?? nil, fields.errorMessage ?? nil, fields.resolution ?? nil,
                    fields.feedbackRating ?? nil, fields.feedbackNotes ?? nil, fields.retryCount ?? 0, completedAt,
                ])
            let id = db.lastInsertedRowID
            try TaskWriteSupport.subscribe(
                db, taskID: id, names: [actor] + mentioned.map(\.recipient) + (assignee.map { [$0] } ?? []))
            for target in mentioned where target.recipient != actor {
                try NotificationLog.append(
                    db, events: &events, recipient: target.recipient, type: "mention",
                    title: "You were mentioned in a task description",
                    message: "\(actor) mentioned you in task \"\(title)\"", sourceType: "task", sourceID: id,
                    workspaceID: workspaceID)
            }
            if let assignee {
                try NotificationLog.append(
                    db, events: &events, recipient: assignee, type: "assignment", title: "Task Assigned",
                    message: "You have been assigned to task: \(title)", sourceType: "task", sourceID: id,
                    workspaceID: workspaceID)
            }
            try ActivityLog.append(
                db, events: &events, type: "task_created", entityType: "task", entityID: id, actor: actor,
                description: "Created task: \(title)",
                data: [
                    "title": .string(title), "status": .string(status), "priority": .string(fields.priority ?? "medium"),
                    "assigned_to": assignee.map(JSONValue.string) ?? .null,
                ],
                workspaceID: workspaceID)
            let task = try TaskQueries.find(db, id: id, workspaceID: workspaceID) ?? .null
            try TaskWriteSupport.event(db, &events, type: "task.created", workspaceID: workspaceID, payload: task)
            return task
        }
    }
}
