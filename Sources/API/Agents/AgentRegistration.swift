import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `POST /api/agents/register`: an agent registers itself (viewer role is enough). Idempotent:
/// a known name is marked `idle` and seen now, and answered 200 with `registered: false`.
struct AgentRegistration: Sendable {
    static let roles = ["coder", "reviewer", "tester", "devops", "researcher", "assistant", "agent"]

    /// The validated body.
    struct Input: Sendable {
        var name: String
        var role: String
        var capabilities: [String]
        var framework: String?

        init(_ body: JSONBody) throws {
            let name = body.fields["name"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard Self.isValidName(name) else {
                throw APIError(
                    .badRequest,
                    "Invalid agent name. Use 1-63 alphanumeric characters, dots, hyphens, or underscores. Must start with alphanumeric.")
            }
            let role = body.fields["role"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "agent"
            guard AgentRegistration.roles.contains(role) else {
                throw APIError(.badRequest, "Invalid role. Use: \(AgentRegistration.roles.joined(separator: ", "))")
            }
            self.name = name
            self.role = role
            capabilities = body.fields["capabilities"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let framework = body.fields["framework"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
            self.framework = framework?.isEmpty == false ? framework : nil
        }

        /// `^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`.
        static func isValidName(_ name: String) -> Bool {
            let bytes = Array(name.utf8)
            guard (1...63).contains(bytes.count) else { return false }
            func alphanumeric(_ byte: UInt8) -> Bool {
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
            }
            return alphanumeric(bytes[0]) && bytes.dropFirst().allSatisfy { alphanumeric($0) || $0 == 46 || $0 == 95 || $0 == 45 }
        }
    }

    let database: EventedDatabase

    /// Registers or refreshes the agent; returns the body and whether it was created.
    func register(_ input: Input, identity: Identity, ipAddress: String) async throws -> (JSONValue, created: Bool) {
        try await database.write { db, events in
            let workspace = identity.workspaceID
            let now = Int64(Date().timeIntervalSince1970)
            if let existing = try AgentRecord.find(db, name: input.name, workspaceID: workspace) {
                try db.execute(
                    sql: "UPDATE agents SET status = 'idle', last_seen = ?, updated_at = ? WHERE id = ?",
                    arguments: [now, now, existing.id])
                if existing.status != "idle" {
                    events.append(
                        try EventLog.append(
                            db, type: "agent.status_changed", workspaceID: workspace,
                            payload: AgentLiveness.statusPayload(
                                id: existing.id, name: existing.name, status: "idle", lastSeen: now,
                                lastActivity: existing.lastActivity, workspaceID: workspace, source: "registration")))
                }
                let created: Int64 = existing.json["created_at"]?.intValue.map(Int64.init) ?? now
                return (Self.body(id: existing.id, input: input, role: existing.role, createdAt: created, registered: false), false)
            }
            var config: [String: JSONValue] = [:]
            if !input.capabilities.isEmpty { config["capabilities"] = .array(input.capabilities.map(JSONValue.string)) }
            if let framework = input.framework { config["framework"] = .string(framework) }
            try db.execute(
                sql: """
                    INSERT INTO agents (name, role, status, config, created_at, updated_at, last_seen, workspace_id)
                    VALUES (?, ?, 'idle', ?, ?, ?, ?, ?)
                    """,
                arguments: [input.name, input.role, try AgentRecord.text(.object(config)), now, now, now, workspace])
            let id = db.lastInsertedRowID
            let framework = input.framework.map(JSONValue.string) ?? .null
            try ActivityLog.append(
                db, events: &events, type: "agent_created", entityType: "agent", entityID: id, actor: input.name,
                description: "Agent self-registered: \(input.name) (\(input.role))\(input.framework.map { " via \($0)" } ?? "")",
                data: [
                    "name": .string(input.name), "role": .string(input.role), "framework": framework,
                    "capabilities": .array(input.capabilities.map(JSONValue.string)), "self_registered": true,
                ],
                workspaceID: workspace)
            try AuditLog.append(
                db, events: &events, action: "agent_self_register", actor: identity.username, actorID: identity.userID,
                targetType: "agent", targetID: id,
                detail: ["name": .string(input.name), "role": .string(input.role), "framework": framework, "self_registered": true],
                ipAddress: ipAddress, workspaceID: workspace)
            events.append(
                try EventLog.append(
                    db, type: "agent.created", workspaceID: workspace,
                    payload: [
                        "id": .number(Double(id)), "name": .string(input.name), "role": .string(input.role), "status": "idle",
                        "workspace_id": .number(Double(workspace)),
                    ]))
            return (Self.body(id: id, input: input, role: input.role, createdAt: now, registered: true), true)
        }
    }

    private static func body(id: Int64, input: Input, role: String, createdAt: Int64, registered: Bool) -> JSONValue {
        [
            "agent": [
                "id": .number(Double(id)), "name": .string(input.name), "role": .string(role), "status": "idle",
                "created_at": .number(Double(createdAt)),
            ],
            "registered": .bool(registered),
            "message": .string(registered ? "Agent registered successfully" : "Agent already registered, status updated"),
        ]
    }
}
