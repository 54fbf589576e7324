import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

@testable import MCAPI

/// Callers of other roles and request helpers for the administration tests. Users and sessions
/// are written straight into the database (no login round-trips, which the login limiter caps).
enum AdminFixtures {
    static let apiKeyHeader = HTTPField.Name("x-api-key")!

    /// Headers with the global key.
    static var admin: HTTPFields { [apiKeyHeader: TestApplication.globalKey, .contentType: "application/json"] }

    /// Creates `username` with `role` in `workspace` and a session; returns the cookie header
    /// value and the user id.
    @discardableResult
    static func session(
        _ app: TestApplication, username: String, role: Role, workspace: Int64 = 1
    ) async throws -> (cookie: HTTPFields, userID: Int64) {
        let token = SecretToken.sessionToken()
        let id = try await app.dependencies.database.pool.write { db -> Int64 in
            if workspace != 1 {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO workspaces (id, slug, name, tenant_id) VALUES (?, ?, ?, 1)",
                    arguments: [workspace, "ws\(workspace)", "Workspace \(workspace)"])
            }
            var id = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE username = ?", arguments: [username])
            if id == nil {
                try db.execute(
                    sql: "INSERT INTO users (username, display_name, password_hash, role, workspace_id) VALUES (?, ?, 'x', ?, ?)",
                    arguments: [username, username, role.rawValue, workspace])
                id = db.lastInsertedRowID
            }
            try db.execute(
                sql: "INSERT INTO user_sessions (token, user_id, expires_at, workspace_id) VALUES (?, ?, unixepoch() + 3600, ?)",
                arguments: [SecretToken.sha256Hex(token), id, workspace])
            return id!
        }
        return ([.cookie: "\(SessionCookie.name)=\(token)", .contentType: "application/json"], id)
    }

    /// Creates an agent with a key carrying `scopes`; returns headers authenticating as it.
    static func agentKey(_ app: TestApplication, agent: String, scopes: [String] = ["operator"]) async throws -> HTTPFields {
        let key = SecretToken.agentAPIKey()
        let scopesJSON = "[" + scopes.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "INSERT INTO agents (name, role) VALUES (?, 'worker')", arguments: [agent])
            try db.execute(
                sql: "INSERT INTO agent_api_keys (agent_id, name, key_hash, key_prefix, scopes) VALUES (?, 'k', ?, 'mca_', ?)",
                arguments: [db.lastInsertedRowID, SecretToken.sha256Hex(key), scopesJSON])
        }
        return [apiKeyHeader: key, .contentType: "application/json"]
    }

    /// Sends a request with an optional JSON body.
    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ headers: HTTPFields,
        _ body: String? = nil
    ) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Runs SQL on the test database.
    static func sql(_ app: TestApplication, _ sql: String, _ arguments: StatementArguments = []) async throws {
        try await app.dependencies.database.pool.write { try $0.execute(sql: sql, arguments: arguments) }
    }

    /// Counts rows.
    static func count(_ app: TestApplication, _ sql: String, _ arguments: StatementArguments = []) async throws -> Int {
        try await app.dependencies.database.pool.read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? 0 }
    }
}
