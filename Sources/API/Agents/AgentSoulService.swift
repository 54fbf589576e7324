import Foundation
import GRDB
import HTTPTypes
import MCShared

/// An agent's SOUL (its standing instructions), kept in the database only: there is no agent
/// workspace directory to mirror it to, and no template directory.
struct AgentSoulService: Sendable {
    let database: EventedDatabase

    /// `{agent:{id,name,role}, soul_content, source, available_templates:[], updated_at}`.
    func read(reference: String, workspaceID: Int64) async throws -> JSONValue {
        try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: workspaceID)
            let soul = agent.soulContent ?? ""
            return [
                "agent": ["id": .number(Double(agent.id)), "name": .string(agent.name), "role": .string(agent.role)],
                "soul_content": .string(soul), "source": .string(soul.isEmpty ? "none" : "database"),
                "available_templates": [], "updated_at": .number(Double(agent.updatedAt)),
            ]
        }
    }

    /// Replaces the SOUL (`nil` clears it) and logs `agent_soul_updated`.
    func write(reference: String, content: String?, identity: Identity) async throws -> JSONValue {
        try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let now = Int64(Date().timeIntervalSince1970)
            try db.execute(
                sql: "UPDATE agents SET soul_content = ?, updated_at = ? WHERE id = ?", arguments: [content, now, agent.id])
            try ActivityLog.append(
                db, events: &events, type: "agent_soul_updated", entityType: "agent", entityID: agent.id,
                actor: identity.username, description: "SOUL content updated for agent \(agent.name)",
                data: [
                    "template_used": .null, "content_length": .number(Double(content?.count ?? 0)),
                    "previous_content_length": .number(Double(agent.soulContent?.count ?? 0)), "saved_to_workspace": false,
                ],
                workspaceID: agent.workspaceID)
            return [
                "success": true, "message": .string("SOUL content updated for \(agent.name)"),
                "soul_content": content.map(JSONValue.string) ?? .null, "saved_to_workspace": false,
                "updated_at": .number(Double(now)),
            ]
        }
    }
}
