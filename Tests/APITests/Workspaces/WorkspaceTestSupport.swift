import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting

@testable import MCAPI

/// Requests and fixtures shared by the workspace and mention tests.
enum WorkspaceTestSupport {
    /// Sends `body` with the global admin key, or with the session `token` when given.
    @discardableResult
    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
        session token: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token {
            headers[.cookie] = "mc-session=\(token)"
        } else {
            headers[HTTPField.Name("x-api-key")!] = TestApplication.globalKey
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Inserts a user of `workspaceID` with `role` and a session for it; returns the token.
    static func session(_ app: TestApplication, user: String, role: String, workspaceID: Int64 = 1) async throws -> String {
        let token = "token-\(user)"
        try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO users (username, display_name, password_hash, role, workspace_id) VALUES (?, ?, 'x', ?, ?)",
                arguments: [user, user.capitalized, role, workspaceID])
            try db.execute(
                sql: """
                    INSERT INTO user_sessions (token, user_id, expires_at, workspace_id, tenant_id)
                    SELECT ?, id, unixepoch() + 3600, ?, (SELECT tenant_id FROM workspaces WHERE id = ?)
                    FROM users WHERE username = ?
                    """,
                arguments: [SecretToken.sha256Hex(token), workspaceID, workspaceID, user])
        }
        return token
    }

    /// Runs SQL directly (fixtures).
    static func execute(_ app: TestApplication, _ sql: String, _ arguments: [any DatabaseValueConvertible & Sendable] = []) async throws {
        try await app.dependencies.database.pool.write { db in try db.execute(sql: sql, arguments: StatementArguments(arguments)) }
    }

    /// One integer from a query.
    static func integer(_ app: TestApplication, _ sql: String, _ arguments: [any DatabaseValueConvertible & Sendable] = []) async throws -> Int64? {
        try await app.dependencies.database.read { db in try Int64.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) }
    }

    /// Creates a workspace through the API and returns its id.
    static func create(_ client: any TestClientProtocol, _ body: String) async throws -> Int64 {
        let response = try await send(client, .post, "/api/workspaces", body)
        return Int64((response.json["workspace"] as? [String: Any])?["id"] as? Int ?? -1)
    }
}
