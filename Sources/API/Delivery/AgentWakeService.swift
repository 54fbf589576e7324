import Foundation
import GRDB
import MCShared

/// `POST /api/agents/{id}/wake` (reference §7.4).
///
/// The original pushed the message into the agent's OpenClaw session through the CLI and then
/// marked the agent idle. This server has no gateway connection, so a wake is a `wake`
/// notification: the agent finds it in the work items of its next heartbeat, and its status is
/// left to that heartbeat, because nothing has yet proven the agent alive.
struct AgentWakeService: Sendable {
    /// Said when the caller gives no message.
    static let defaultMessage = "Wake up: check Mission Control for your assigned work."

    let database: EventedDatabase

    /// Queues the wake notification and logs `agent_wake_requested`; returns the response body.
    func wake(reference: String, message: String?, identity: Identity) async throws -> JSONValue {
        let sender = identity.displayName.isEmpty ? identity.username : identity.displayName
        let text = message ?? Self.defaultMessage
        return try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let notificationID = try NotificationLog.append(
                db, events: &events, recipient: agent.name, type: "wake", title: "Wake Request",
                message: "\(sender): \(text)", sourceType: "agent", sourceID: agent.id, workspaceID: agent.workspaceID)
            try ActivityLog.append(
                db, events: &events, type: "agent_wake_requested", entityType: "agent", entityID: agent.id, actor: sender,
                description: "Wake requested for \(agent.name)",
                data: ["message": .string(text), "notification_id": .number(Double(notificationID))],
                workspaceID: agent.workspaceID)
            return [
                "success": true, "agent": .string(agent.name),
                "session_key": agent.sessionKey.map(JSONValue.string) ?? .null, "delivery": "heartbeat",
                "notification_id": .number(Double(notificationID)),
            ]
        }
    }
}
