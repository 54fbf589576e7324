import Foundation
import GRDB
import HTTPTypes
import MCShared

/// An agent's SOUL (its standing instructions). The database copy is the one reads return;
/// `soul.md` in the agent's workspace is a mirror written with it (never in strict
/// workspaces). A SOUL can be filled from a template (`SoulTemplates`).
struct AgentSoulService: Sendable {
    let database: EventedDatabase
    let templates: SoulTemplates

    /// `{agent:{id,name,role}, soul_content, source, available_templates:[names], updated_at}`;
    /// strict workspaces list no templates, which are deployment-wide.
    func read(reference: String, identity: Identity) async throws -> JSONValue {
        let templates = self.templates
        // Directory reads happen on the database's reader queue, not the cooperative pool.
        return try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let strict = try WorkspaceIsolation.isStrict(db, identity: identity)
            let soul = agent.soulContent ?? ""
            return [
                "agent": ["id": .number(Double(agent.id)), "name": .string(agent.name), "role": .string(agent.role)],
                "soul_content": .string(soul), "source": .string(soul.isEmpty ? "none" : "database"),
                "available_templates": .array(strict ? [] : templates.names().map(JSONValue.string)),
                "updated_at": .number(Double(agent.updatedAt)),
            ]
        }
    }

    /// Replaces the SOUL with `content` (`nil` clears it) or with the rendered template
    /// `templateName`, mirrors it to `soul.md`, and logs `agent_soul_updated`.
    func write(
        reference: String, content: String?, templateName: String?, identity: Identity, now: Date = Date()
    ) async throws -> JSONValue {
        let templates = self.templates
        return try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let strict = try WorkspaceIsolation.isStrict(db, identity: identity)
            var soul = content
            if let templateName {
                let rendered = try templates.render(
                    templateName, agentName: agent.name, agentRole: agent.role, now: now)
                guard rendered.count <= AgentCreateInput.soulLimit else {
                    throw APIError(
                        .badRequest, "Template content must be at most \(AgentCreateInput.soulLimit) characters")
                }
                soul = rendered
            }
            var saved = false
            if !strict, let workspace = AgentWorkspace.optional(config: agent.config) {
                saved = (try? workspace.write("soul.md", content: soul ?? "")) != nil
            }
            let stamp = Int64(now.timeIntervalSince1970)
            try db.execute(
                sql: "UPDATE agents SET soul_content = ?, updated_at = ? WHERE id = ?",
                arguments: [soul, stamp, agent.id])
            let using = templateName.map { " using template: \($0)" } ?? ""
            try ActivityLog.append(
                db, events: &events, type: "agent_soul_updated", entityType: "agent", entityID: agent.id,
                actor: identity.username,
                description:
                    "SOUL content updated for agent \(agent.name)\(using)\(saved ? " (synced to workspace)" : "")",
                data: [
                    "template_used": templateName.map(JSONValue.string) ?? .null,
                    "content_length": .number(Double(soul?.count ?? 0)),
                    "previous_content_length": .number(Double(agent.soulContent?.count ?? 0)),
                    "saved_to_workspace": .bool(saved),
                ],
                workspaceID: agent.workspaceID)
            return [
                "success": true, "message": .string("SOUL content updated for \(agent.name)"),
                "soul_content": soul.map(JSONValue.string) ?? .null, "saved_to_workspace": .bool(saved),
                "updated_at": .number(Double(stamp)),
            ]
        }
    }

    /// `PATCH …/soul`: `{templates:[{name,description,size}]}`, or `{template_name, content}`
    /// with `template` (raw, placeholders unfilled).
    func templateCatalogue(reference: String, template: String?, identity: Identity) async throws -> JSONValue {
        let templates = self.templates
        return try await database.read { db in
            _ = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            if let template {
                return ["template_name": .string(template), "content": .string(try templates.content(template))]
            }
            guard templates.exists else { return ["templates": [], "message": "Templates directory not found"] }
            return ["templates": .array(templates.list())]
        }
    }
}
