import Foundation
import GRDB
import MCShared

/// `POST`/`DELETE /api/agents/{id}/hide` (reference §7.4): hides an agent from the default
/// agent list, or shows it again. Another workspace's agent is not found.
struct AgentVisibility: Sendable {
    let database: EventedDatabase

    /// Sets `hidden` and broadcasts `agent.updated`; returns the route's response.
    func setHidden(_ hidden: Bool, reference: String, actor: Identity) async throws -> JSONValue {
        try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: actor.workspaceID)
            let now = TaskWriteSupport.now()
            try db.execute(
                sql: "UPDATE agents SET hidden = ?, updated_at = ? WHERE id = ? AND workspace_id = ?",
                arguments: [hidden ? 1 : 0, now, agent.id, agent.workspaceID])
            events.append(
                try EventLog.append(
                    db, type: "agent.updated", workspaceID: agent.workspaceID,
                    payload: [
                        "id": .number(Double(agent.id)), "name": .string(agent.name), "hidden": .bool(hidden),
                        "updated_at": .number(Double(now)), "workspace_id": .number(Double(agent.workspaceID)),
                    ]))
            return ["success": true, "agent_id": .number(Double(agent.id)), "hidden": .bool(hidden)]
        }
    }
}
