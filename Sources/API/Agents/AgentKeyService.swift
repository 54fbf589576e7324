import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Per-agent API keys (reference §3.4, §7.1): `mca_` + 48 hex, stored as SHA-256, shown once.
struct AgentKeyService: Sendable {
    /// Scopes a key may carry; only `admin` and `operator` change what the key may do.
    static let allowedScopes = [
        "viewer", "operator", "admin", "agent:self", "agent:diagnostics", "agent:attribution", "agent:heartbeat",
        "agent:messages",
    ]
    static let defaultScopes = ["viewer", "agent:self"]
    /// Longest key name, in characters.
    static let nameLimit = 128
    static let expiryDays = 1.0...3650.0

    let database: EventedDatabase

    /// A validated create request.
    struct CreateInput: Sendable {
        var name: String
        var scopes: [String]
        var expiresAt: Int64?

        init(_ body: JSONBody, now: Int64) throws {
            let rawName = body.fields["name"].flatMap { $0 == .null ? nil : $0 }
            if let rawName, rawName.stringValue == nil { throw APIError(.badRequest, "name must be a string") }
            let trimmed = rawName?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            name = trimmed.isEmpty ? "default" : trimmed
            guard name.count <= AgentKeyService.nameLimit else {
                throw APIError(.badRequest, "name must be at most \(AgentKeyService.nameLimit) characters")
            }
            scopes = Self.scopes(body.fields["scopes"])
            if let raw = body.fields["expires_at"], raw != .null {
                guard let value = raw.intValue, value > now else {
                    throw APIError(.badRequest, "expires_at must be a future unix timestamp")
                }
                expiresAt = Int64(value)
            } else if let raw = body.fields["expires_in_days"], raw != .null {
                guard let days = raw.doubleValue, AgentKeyService.expiryDays.contains(days) else {
                    throw APIError(.badRequest, "expires_in_days must be between 1 and 3650")
                }
                expiresAt = now + Int64(days * 86_400)
            }
        }

        /// Allowed scopes in order without repeats; none (or not a list) gives the default.
        static func scopes(_ value: JSONValue?) -> [String] {
            var scopes: [String] = []
            for scope in value?.arrayValue ?? [] {
                guard let text = scope.stringValue?.trimmingCharacters(in: .whitespaces),
                    AgentKeyService.allowedScopes.contains(text), !scopes.contains(text)
                else { continue }
                scopes.append(text)
            }
            return scopes.isEmpty ? AgentKeyService.defaultScopes : scopes
        }
    }

    /// `{agent:{id,name}, keys:[...]}`, newest first; hashes are never returned.
    func list(reference: String, workspaceID: Int64) async throws -> JSONValue {
        try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: workspaceID)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, name, key_prefix, scopes, created_by, expires_at, revoked_at, last_used_at, created_at, updated_at
                    FROM agent_api_keys WHERE agent_id = ? AND workspace_id = ? ORDER BY created_at DESC, id DESC
                    """,
                arguments: [agent.id, workspaceID])
            let keys: [JSONValue] = rows.map { row in
                var fields: [String: JSONValue] = [:]
                for (column, value) in row { fields[column] = AgentRecord.jsonValue(value) }
                fields["scopes"] = .array(Self.storedScopes(row["scopes"]).map(JSONValue.string))
                return .object(fields)
            }
            return ["agent": ["id": .number(Double(agent.id)), "name": .string(agent.name)], "keys": .array(keys)]
        }
    }

    /// Creates a key; the response is the only place the key itself appears.
    func create(reference: String, input: CreateInput, identity: Identity, ipAddress: String, now: Int64) async throws -> JSONValue {
        try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let key = SecretToken.agentAPIKey()
            let prefix = String(key.prefix(12))
            try db.execute(
                sql: """
                    INSERT INTO agent_api_keys (agent_id, workspace_id, name, key_hash, key_prefix, scopes, expires_at, created_by,
                                                created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    agent.id, agent.workspaceID, input.name, SecretToken.sha256Hex(key), prefix,
                    try AgentRecord.text(.array(input.scopes.map(JSONValue.string))), input.expiresAt, identity.username, now, now,
                ])
            let id = db.lastInsertedRowID
            let scopes = JSONValue.array(input.scopes.map(JSONValue.string))
            let expires = input.expiresAt.map { JSONValue.number(Double($0)) } ?? .null
            try AuditLog.append(
                db, events: &events, action: "agent_api_key_created", actor: identity.username, actorID: identity.userID,
                targetType: "agent", targetID: agent.id,
                detail: ["agent": .string(agent.name), "key_id": .number(Double(id)), "key_prefix": .string(prefix), "scopes": scopes, "expires_at": expires],
                ipAddress: ipAddress, workspaceID: agent.workspaceID)
            return [
                "key": [
                    "id": .number(Double(id)), "name": .string(input.name), "key_prefix": .string(prefix), "scopes": scopes,
                    "expires_at": expires, "created_at": .number(Double(now)),
                ],
                "api_key": .string(key),
            ]
        }
    }

    /// Revokes an active key of the agent; 404 when there is none with that id.
    func revoke(reference: String, keyID: Int64, identity: Identity, ipAddress: String, now: Int64) async throws -> JSONValue {
        try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            try db.execute(
                sql: """
                    UPDATE agent_api_keys SET revoked_at = ?, updated_at = ?
                    WHERE id = ? AND agent_id = ? AND workspace_id = ? AND revoked_at IS NULL
                    """,
                arguments: [now, now, keyID, agent.id, agent.workspaceID])
            guard db.changesCount > 0 else { throw APIError(.notFound, "Active key not found for this agent") }
            try AuditLog.append(
                db, events: &events, action: "agent_api_key_revoked", actor: identity.username, actorID: identity.userID,
                targetType: "agent", targetID: agent.id,
                detail: ["agent": .string(agent.name), "key_id": .number(Double(keyID))], ipAddress: ipAddress,
                workspaceID: agent.workspaceID)
            return ["success": true, "key_id": .number(Double(keyID)), "revoked_at": .number(Double(now))]
        }
    }

    /// A key's stored scopes as a list (`[]` when unreadable).
    static func storedScopes(_ json: String?) -> [String] {
        guard let json, let values = (try? JSONValue.parse(json))?.arrayValue else { return [] }
        return values.compactMap(\.stringValue)
    }
}
