import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `POST /api/tasks/{id}/broadcast` (reference §7.2): a message to every agent subscribed to a
/// task.
///
/// The original sent it to each subscribed agent's OpenClaw session and skipped agents without a
/// session key. Here each subscribed agent gets a `message` notification ("Task Broadcast"),
/// which its next heartbeat returns as a work item; `skipped` counts subscribers that are not
/// agents of the workspace (people) and the sender itself.
struct TaskBroadcastService: Sendable {
    let database: EventedDatabase

    /// Notifies the subscribed agents and logs `task_broadcast`; returns `{sent, skipped}`.
    func broadcast(taskID: Int64, message: String, identity: Identity) async throws -> JSONValue {
        let sender = identity.displayName.isEmpty ? identity.username : identity.displayName
        return try await database.write { db, events in
            guard let task = try TaskQueries.header(db, id: taskID, workspaceID: identity.workspaceID) else {
                throw APIError(.notFound, "Task not found")
            }
            let subscribers = try String.fetchAll(
                db, sql: "SELECT agent_name FROM task_subscriptions WHERE task_id = ? ORDER BY id", arguments: [taskID])
            let agents = Set(
                try String.fetchAll(
                    db, sql: "SELECT name FROM agents WHERE workspace_id = ?", arguments: [identity.workspaceID]))
            let preview = message.count > 200 ? String(message.prefix(200)) + "..." : message
            var sent: [String] = []
            for name in subscribers where agents.contains(name) && name != sender && name != identity.agentName {
                try NotificationLog.append(
                    db, events: &events, recipient: name, type: "message", title: "Task Broadcast",
                    message: "\(sender) on \"\(task.title)\": \(preview)", sourceType: "task", sourceID: taskID,
                    workspaceID: identity.workspaceID)
                sent.append(name)
            }
            try ActivityLog.append(
                db, events: &events, type: "task_broadcast", entityType: "task", entityID: taskID, actor: sender,
                description: "Broadcast to \(sent.count) agent\(sent.count == 1 ? "" : "s") on task \"\(task.title)\"",
                data: ["message": .string(preview), "recipients": .array(sent.map(JSONValue.string))],
                workspaceID: identity.workspaceID)
            return ["sent": .number(Double(sent.count)), "skipped": .number(Double(subscribers.count - sent.count))]
        }
    }
}
