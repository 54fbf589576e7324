import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Creates, edits and deletes agents, each change with its activity and event in the same
/// transaction (reference §7.4, §8.3, §10.1).
struct AgentService: Sendable {
    let database: EventedDatabase

    /// Creates an agent in the caller's workspace and returns it (row, config, zero task counts).
    func create(_ input: AgentCreateInput, actor: Identity) async throws -> JSONValue {
        try await database.write { db, events in
            let workspace = actor.workspaceID
            guard try AgentRecord.find(db, name: input.name, workspaceID: workspace) == nil else {
                throw APIError(.conflict, "Agent name already exists")
            }
            try Self.requireFreeSessionKey(db, input.sessionKey, except: nil)
            let now = Int64(Date().timeIntervalSince1970)
            try db.execute(
                sql: """
                    INSERT INTO agents (name, role, session_key, soul_content, status, created_at, updated_at, config,
                                        workspace_id, runtime_type)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    input.name, input.role, input.sessionKey, input.soulContent, input.status, now, now,
                    try AgentRecord.text(.object(input.config)), workspace, input.runtimeType,
                ])
            let id = db.lastInsertedRowID
            try ActivityLog.append(
                db, events: &events, type: "agent_created", entityType: "agent", entityID: id, actor: actor.username,
                description: "Created agent: \(input.name) (\(input.role))",
                data: [
                    "name": .string(input.name), "role": .string(input.role), "status": .string(input.status),
                    "session_key": input.sessionKey.map(JSONValue.string) ?? .null, "template": .null,
                ],
                workspaceID: workspace)
            let agent = try AgentRecord.require(db, reference: String(id), workspaceID: workspace)
            var json = agent.json
            json["taskStats"] = AgentDirectory.emptyTaskStats
            events.append(try EventLog.append(db, type: "agent.created", workspaceID: workspace, payload: .object(json)))
            return .object(json)
        }
    }

    /// The fields `PUT /api/agents` may change, by agent name; nil means "leave as is".
    struct NamedUpdate: Sendable {
        var name: String
        var status: String?
        var lastActivity: String?
        var config: [String: JSONValue]?
        var sessionKey: JSONValue?
        var soulContent: String?
        var role: String?
        /// `.null` clears.
        var runtimeType: JSONValue?

        var isEmpty: Bool {
            status == nil && lastActivity == nil && config == nil && sessionKey == nil && soulContent == nil
                && role == nil && runtimeType == nil
        }
    }

    /// Applies `update`; a status change also sets `last_seen` and logs `agent_status_change`.
    func update(_ update: NamedUpdate, actor: Identity) async throws {
        try await database.write { db, events in
            guard let agent = try AgentRecord.find(db, name: update.name, workspaceID: actor.workspaceID) else {
                throw APIError(.notFound, "Agent not found")
            }
            let now = Int64(Date().timeIntervalSince1970)
            var assignments: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            func set(_ column: String, _ value: (any DatabaseValueConvertible)?) {
                assignments.append("\(column) = ?")
                arguments.append(value)
            }
            if let status = update.status {
                set("status", status)
                set("last_seen", now)
            }
            if let lastActivity = update.lastActivity { set("last_activity", lastActivity) }
            if let config = update.config { set("config", try AgentRecord.text(.object(config))) }
            if let sessionKey = update.sessionKey {
                try Self.requireFreeSessionKey(db, sessionKey.stringValue, except: agent.id)
                set("session_key", sessionKey.stringValue)
            }
            if let soul = update.soulContent { set("soul_content", soul) }
            if let role = update.role { set("role", role) }
            if let runtimeType = update.runtimeType { set("runtime_type", runtimeType.stringValue) }
            set("updated_at", now)
            try db.execute(
                sql: "UPDATE agents SET \(assignments.joined(separator: ", ")) WHERE id = ?",
                arguments: StatementArguments(arguments + [agent.id]))
            if let status = update.status, status != agent.status {
                try ActivityLog.append(
                    db, events: &events, type: "agent_status_change", entityType: "agent", entityID: agent.id,
                    actor: agent.name, description: "Agent status changed from \(agent.status) to \(status)",
                    data: [
                        "oldStatus": .string(agent.status), "newStatus": .string(status),
                        "last_activity": update.lastActivity.map(JSONValue.string) ?? .null,
                    ],
                    workspaceID: agent.workspaceID)
            }
            var payload: [String: JSONValue] = [
                "id": .number(Double(agent.id)), "name": .string(agent.name), "updated_at": .number(Double(now)),
                "workspace_id": .number(Double(agent.workspaceID)),
            ]
            if let status = update.status { payload["status"] = .string(status) }
            if let lastActivity = update.lastActivity { payload["last_activity"] = .string(lastActivity) }
            if let role = update.role { payload["role"] = .string(role) }
            events.append(try EventLog.append(db, type: "agent.updated", workspaceID: agent.workspaceID, payload: .object(payload)))
        }
    }

    /// `PUT /api/agents/{id}`: a new role and/or `gatewayConfig` merged shallowly into config.
    func updateConfig(reference: String, role: String?, gatewayConfig: [String: JSONValue]?, actor: Identity) async throws
        -> JSONValue
    {
        try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: actor.workspaceID)
            let now = Int64(Date().timeIntervalSince1970)
            let config = agent.config.merging(gatewayConfig ?? [:]) { _, new in new }
            try db.execute(
                sql: "UPDATE agents SET role = ?, config = ?, updated_at = ? WHERE id = ?",
                arguments: [role ?? agent.role, try AgentRecord.text(.object(config)), now, agent.id])
            try ActivityLog.append(
                db, events: &events, type: "agent_config_updated", entityType: "agent", entityID: agent.id,
                actor: actor.username, description: "Config updated for agent \(agent.name)",
                data: [
                    "fields": .array((gatewayConfig ?? [:]).keys.sorted().map(JSONValue.string)),
                    "role": role.map(JSONValue.string) ?? .null, "write_to_gateway": false,
                ],
                workspaceID: agent.workspaceID)
            var payload: [String: JSONValue] = [
                "id": .number(Double(agent.id)), "name": .string(agent.name), "config": .object(config),
                "updated_at": .number(Double(now)), "workspace_id": .number(Double(agent.workspaceID)),
            ]
            if let role { payload["role"] = .string(role) }
            events.append(try EventLog.append(db, type: "agent.updated", workspaceID: agent.workspaceID, payload: .object(payload)))
            return .object(try AgentRecord.require(db, reference: String(agent.id), workspaceID: agent.workspaceID).json)
        }
    }

    /// Deletes an agent (its API keys go with it) and returns its name.
    func delete(reference: String, actor: Identity) async throws -> String {
        try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: actor.workspaceID)
            try db.execute(sql: "DELETE FROM agents WHERE id = ?", arguments: [agent.id])
            try ActivityLog.append(
                db, events: &events, type: "agent_deleted", entityType: "agent", entityID: agent.id,
                actor: actor.username, description: "Deleted agent: \(agent.name)",
                data: ["name": .string(agent.name), "role": .string(agent.role)], workspaceID: agent.workspaceID)
            events.append(
                try EventLog.append(
                    db, type: "agent.deleted", workspaceID: agent.workspaceID,
                    payload: [
                        "id": .number(Double(agent.id)), "name": .string(agent.name),
                        "workspace_id": .number(Double(agent.workspaceID)),
                    ]))
            return agent.name
        }
    }

    /// `session_key` is unique across every workspace (the original's schema): 409 when taken.
    static func requireFreeSessionKey(_ db: Database, _ key: String?, except agentID: Int64?) throws {
        guard let key else { return }
        let owner = try Int64.fetchOne(db, sql: "SELECT id FROM agents WHERE session_key = ?", arguments: [key])
        if let owner, owner != agentID { throw APIError(.conflict, "Session key already in use by another agent") }
    }
}
