import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting

@testable import MCAPI

/// Requests and fixtures shared by the task and project tests.
enum TaskTestSupport {
    static let adminKey = TestApplication.globalKey

    /// Sends `body` (JSON text) with the global admin key, or with `key` when given.
    @discardableResult
    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
        key: String = adminKey, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[HTTPField.Name("x-api-key")!] = key
        headers.append(contentsOf: extra)
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Creates a task through the API and returns its JSON.
    static func createTask(_ client: any TestClientProtocol, _ body: String) async throws -> [String: Any] {
        let response = try await send(client, .post, "/api/tasks", body)
        return response.json["task"] as? [String: Any] ?? ["error": response.text]
    }

    /// Inserts an agent and an agent key with `scopes`; returns the key.
    static func agentKey(_ app: TestApplication, agent: String, scopes: String = #"["operator"]"#, workspaceID: Int64 = 1)
        async throws -> String
    {
        let key = SecretToken.agentAPIKey()
        try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO agents (name, role, workspace_id) VALUES (?, 'worker', ?)",
                arguments: [agent, workspaceID])
            let agentID = try Int64.fetchOne(
                db, sql: "SELECT id FROM agents WHERE name = ? AND workspace_id = ?", arguments: [agent, workspaceID])
            try db.execute(
                sql: """
                    INSERT INTO agent_api_keys (agent_id, workspace_id, name, key_hash, key_prefix, scopes)
                    VALUES (?, ?, 'test', ?, 'mca_', ?)
                    """,
                arguments: [agentID, workspaceID, SecretToken.sha256Hex(key), scopes])
        }
        return key
    }

    /// Inserts a user of workspace 1 (no usable password: a mention target only).
    static func user(_ app: TestApplication, _ username: String) async throws {
        try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO users (username, display_name, password_hash, workspace_id) VALUES (?, ?, 'x', 1)",
                arguments: [username, username])
        }
    }

    /// Rows of a one-column query.
    static func column<T: DatabaseValueConvertible & Sendable>(_ app: TestApplication, _ sql: String) async throws -> [T] {
        try await app.dependencies.database.read { db in try T.fetchAll(db, sql: sql) }
    }
}
