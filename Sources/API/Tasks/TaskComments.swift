import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Task comments: the threaded list and `POST /api/tasks/{id}/comments` with its side effects
/// (mentions, auto-assignment, subscriber notifications, `comment_added`).
struct TaskComments {
    let database: EventedDatabase

    func list(taskID: Int64, identity: Identity) async throws -> (comments: [JSONValue], total: Int) {
        try await database.read { db in
            guard let header = try TaskQueries.header(db, id: taskID, workspaceID: identity.workspaceID) else {
                throw APIError(.notFound, "Task not found")
            }
            try TaskWriteSupport.checkScope(identity, assignee: header.assignee)
            return try CommentContent.thread(db, taskID: taskID, workspaceID: identity.workspaceID)
        }
    }

    /// Validates the body: `content` (required, non-empty) and an optional numeric `parent_id`;
    /// `author` and `task_id` are accepted and ignored (the author is the caller, quirk 13).
    static func input(_ body: [String: JSONValue]) throws -> (content: String, parentID: Int64?) {
        var check = FieldValidator(body)
        let content = check.string("content", min: 1, required: true, minMessage: "Comment content is required")
        let parent = check.number("parent_id", integer: true)
        _ = check.number("task_id")
        _ = check.string("author")
        try check.check()
        return (content ?? "", parent.map { Int64($0) })
    }

    /// Creates the comment; returns it and the agent the task was auto-assigned to, if any.
    func create(taskID: Int64, content raw: String, parentID: Int64?, identity: Identity) async throws
        -> (comment: JSONValue, autoAssignedTo: String?)
    {
        let workspaceID = identity.workspaceID
        let author = TaskWriteSupport.actorName(identity)
        let content = CommentContent.normalise(raw)
        return try await database.write { db, events in
            guard let task = try TaskQueries.header(db, id: taskID, workspaceID: workspaceID) else {
                throw APIError(.notFound, "Task not found")
            }
            try TaskWriteSupport.checkScope(identity, assignee: task.assignee)
            if let parentID {
                guard try Bool.fetchOne(
                    db, sql: "SELECT EXISTS(SELECT 1 FROM comments WHERE id = ? AND task_id = ? AND workspace_id = ?)",
                    arguments: [parentID, taskID, workspaceID]) == true
                else { throw APIError(.notFound, "Parent comment not found") }
            }
            let tokens = Mentions.tokens(in: content)
            let mentioned = try Mentions.resolve(db, text: content, workspaceID: workspaceID)
            let now = TaskWriteSupport.now()
            try db.execute(
                sql: """
                    INSERT INTO comments (task_id, author, content, created_at, parent_id, mentions, workspace_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [taskID, author, content, now, parentID,
                            TaskWriteSupport.text(.array(tokens.map(JSONValue.string))), workspaceID])
            let commentID = db.lastInsertedRowID
            let preview = CommentContent.preview(content)
            try ActivityLog.append(
                db, events: &events, type: "comment_added", entityType: "comment", entityID: commentID, actor: author,
                description: "Added comment to task: \(task.title)",
                data: [
                    "task_id": .number(Double(taskID)), "task_title": .string(task.title),
                    "parent_id": parentID.map { .number(Double($0)) } ?? .null,
                    "mentions": .array(tokens.map(JSONValue.string)), "content_preview": .string(String(content.prefix(100))),
                ],
                workspaceID: workspaceID)
            var assignee = task.assignee.flatMap { $0.isEmpty ? nil : $0 }
            var autoAssigned: String?
            if assignee == nil, let agent = mentioned.first(where: \.isAgent)?.recipient {
                try db.execute(
                    sql: """
                        UPDATE tasks SET assigned_to = ?, updated_at = ?,
                            status = CASE WHEN status = 'inbox' THEN 'assigned' ELSE status END
                        WHERE id = ?
                        """,
                    arguments: [agent, now, taskID])
                assignee = agent
                autoAssigned = agent
                try NotificationLog.append(
                    db, events: &events, recipient: agent, type: "assignment", title: "Task Assigned",
                    message: "You have been assigned to task: \(task.title) (via @mention by \(author))",
                    sourceType: "task", sourceID: taskID, workspaceID: workspaceID)
                try ActivityLog.append(
                    db, events: &events, type: "task_assigned", entityType: "task", entityID: taskID, actor: author,
                    description: "Assigned task to \(agent) via @mention", data: ["assigned_to": .string(agent)],
                    workspaceID: workspaceID)
                // Boards listening on SSE see the new assignee without reloading.
                let updated = try TaskQueries.find(db, id: taskID, workspaceID: workspaceID) ?? .null
                try TaskWriteSupport.event(db, &events, type: "task.updated", workspaceID: workspaceID, payload: updated)
            }
            try TaskWriteSupport.subscribe(
                db, taskID: taskID, names: [author] + mentioned.map(\.recipient) + (assignee.map { [$0] } ?? []))
            let mentionedNames = Set(mentioned.map(\.recipient))
            let subscribers = try String.fetchAll(
                db, sql: "SELECT agent_name FROM task_subscriptions WHERE task_id = ? ORDER BY id", arguments: [taskID])
            for subscriber in subscribers where subscriber != author {
                let isMention = mentionedNames.contains(subscriber)
                try NotificationLog.append(
                    db, events: &events, recipient: subscriber, type: isMention ? "mention" : "comment",
                    title: isMention ? "You were mentioned" : "New comment on a subscribed task",
                    message: isMention
                        ? "\(author) mentioned you in a comment on \"\(task.title)\": \(preview)"
                        : "\(author) commented on \"\(task.title)\": \(preview)",
                    sourceType: "comment", sourceID: commentID, workspaceID: workspaceID)
            }
            let row = try Row.fetchOne(
                db,
                sql: "SELECT id, task_id, author, content, created_at, parent_id, mentions, workspace_id FROM comments WHERE id = ?",
                arguments: [commentID])
            return (row.map(CommentContent.json) ?? .null, autoAssigned)
        }
    }
}
