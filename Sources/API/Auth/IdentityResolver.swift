import Foundation
import GRDB
import NIOConcurrencyHelpers

/// Turns a request's credential into an `Identity` (reference §1, resolution order: session
/// cookie, global API key, agent API key). Returns nil for no or unknown credentials; routes
/// then answer 401.
struct IdentityResolver: Sendable {
    let database: EventedDatabase
    /// `API_KEY` from the environment; superseded once a rotated key is stored.
    let environmentAPIKey: String?
    /// The rotated key's hash, cached until `settings` changes.
    let keyHashCache: GlobalKeyHashCache
    /// Agent keys' `last_used_at` is refreshed at most this often, not on every request:
    /// heartbeats arrive many times a minute and each write would contend with real changes.
    static let lastUsedGranularity: Int64 = 60

    /// The credentials a request presents.
    struct Credentials: Sendable {
        var sessionToken: String?
        var apiKey: String?
        var agentNameHeader: String?
    }

    func resolve(_ credentials: Credentials, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> Identity? {
        if let token = credentials.sessionToken, !token.isEmpty,
            var identity = try await session(token: token, now: now)
        {
            identity.agentName = credentials.agentNameHeader
            return identity
        }
        guard let key = credentials.apiKey, !key.isEmpty else { return nil }
        if var identity = try await globalKey(key) {
            identity.agentName = credentials.agentNameHeader
            return identity
        }
        return try await agentKey(key, agentNameHeader: credentials.agentNameHeader, now: now)
    }

    private func session(token: String, now: Int64) async throws -> Identity? {
        let hash = SecretToken.sha256Hex(token)
        return try await database.read { db in
            guard
                let row = try Row.fetchOne(
                    try db.cachedStatement(sql: """
                        SELECT s.id AS session_id, s.workspace_id AS session_workspace, s.tenant_id AS session_tenant,
                               u.id, u.username, u.display_name, u.role, u.provider, u.email, u.avatar_url,
                               u.workspace_id, w.tenant_id AS workspace_tenant
                        FROM user_sessions s JOIN users u ON u.id = s.user_id
                        LEFT JOIN workspaces w ON w.id = COALESCE(s.workspace_id, u.workspace_id)
                        WHERE s.token = ? AND s.expires_at > ? AND u.is_approved = 1
                        """), arguments: [hash, now])
            else { return nil }
            let workspace: Int64 = row["session_workspace"] ?? row["workspace_id"] ?? 1
            return Identity(
                userID: row["id"], username: row["username"], displayName: row["display_name"],
                role: Role(rawValue: row["role"]) ?? .viewer, workspaceID: workspace,
                tenantID: row["session_tenant"] ?? row["workspace_tenant"] ?? 1, provider: row["provider"],
                email: row["email"], avatarURL: row["avatar_url"], agentName: nil, agentID: nil,
                credential: .session(id: row["session_id"]))
        }
    }

    private func globalKey(_ key: String) async throws -> Identity? {
        let stored = try await database.read { db in
            try String.fetchOne(try db.cachedStatement(sql: "SELECT value FROM settings WHERE key = 'security.api_key_hash'"))
        }
        let matches: Bool
        if let stored {
            matches = SecretToken.constantTimeEquals(SecretToken.sha256Hex(key), stored)
        } else if let environmentAPIKey, !environmentAPIKey.isEmpty {
            matches = SecretToken.constantTimeEquals(key, environmentAPIKey)
        } else {
            matches = false
        }
        guard matches else { return nil }
        return Identity(
            userID: 0, username: "api", displayName: "API Access", role: .admin, workspaceID: 1, tenantID: 1,
            provider: "local", email: nil, avatarURL: nil, agentName: nil, agentID: nil, credential: .globalKey)
    }

    private func agentKey(_ key: String, agentNameHeader: String?, now: Int64) async throws -> Identity? {
        guard SecretToken.looksLikeDatabaseKey(key) else { return nil }
        let hash = SecretToken.sha256Hex(key)
        struct KeyRow: Sendable {
            var id: Int64, scopes: String?, workspaceID: Int64, lastUsedAt: Int64?, agentID: Int64, agentName: String
            var tenantID: Int64?
        }
        guard
            let row = try await database.read({ db -> KeyRow? in
                try Row.fetchOne(
                    try db.cachedStatement(sql: """
                        SELECT k.id, k.scopes, k.workspace_id, k.last_used_at, a.id AS agent_id, a.name AS agent_name,
                               w.tenant_id
                        FROM agent_api_keys k
                        JOIN agents a ON a.id = k.agent_id AND a.workspace_id = k.workspace_id
                        LEFT JOIN workspaces w ON w.id = k.workspace_id
                        WHERE k.key_hash = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)
                        """), arguments: [hash, now]
                ).map { row in
                    KeyRow(
                        id: row["id"], scopes: row["scopes"], workspaceID: row["workspace_id"], lastUsedAt: row["last_used_at"],
                        agentID: row["agent_id"], agentName: row["agent_name"], tenantID: row["tenant_id"])
                }
            })
        else { return nil }
        let scopes = Self.scopes(row.scopes)
        let agentName = row.agentName
        // A key may only speak for its own agent unless it carries the admin scope.
        if let claimed = agentNameHeader, claimed != agentName, !scopes.contains("admin") { return nil }
        let keyID = row.id
        if (row.lastUsedAt ?? 0) + Self.lastUsedGranularity <= now {
            try await database.pool.write { db in
                try db.execute(sql: "UPDATE agent_api_keys SET last_used_at = ? WHERE id = ?", arguments: [now, keyID])
            }
        }
        let role: Role = scopes.contains("admin") ? .admin : scopes.contains("operator") ? .operator : .viewer
        return Identity(
            userID: -keyID, username: "agent:\(agentName)", displayName: agentName, role: role,
            workspaceID: row.workspaceID, tenantID: row.tenantID ?? 1, provider: "local", email: nil,
            avatarURL: nil, agentName: agentName, agentID: row.agentID, credential: .agentKey(id: keyID))
    }

    static func scopes(_ json: String?) -> Set<String> {
        Set(AgentKeyService.storedScopes(json))
    }
}
