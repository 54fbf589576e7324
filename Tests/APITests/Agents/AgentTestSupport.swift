import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared

@testable import MCAPI

/// Shared helpers of the agent tests: requests as the global admin key or any other caller,
/// and agents, keys and sessions set up through the API or straight in the database.
enum AgentTestSupport {
    static let apiKey = HTTPField.Name("x-api-key")!

    /// Headers of the global admin key.
    static var admin: HTTPFields { [apiKey: TestApplication.globalKey, .contentType: "application/json"] }

    /// Headers of an agent key.
    static func agentKey(_ key: String) -> HTTPFields { [apiKey: key, .contentType: "application/json"] }

    /// Headers of a session cookie.
    static func session(_ token: String) -> HTTPFields { [.cookie: "mc-session=\(token)", .contentType: "application/json"] }

    /// Sends a request; `body` is JSON text.
    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
        headers: HTTPFields = admin
    ) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Creates an agent through `POST /api/agents`; returns its id.
    @discardableResult
    static func createAgent(_ client: any TestClientProtocol, _ name: String, role: String = "coder", extra: String = "")
        async throws -> Int
    {
        let response = try await send(client, .post, "/api/agents", #"{"name":"\#(name)","role":"\#(role)"\#(extra)}"#)
        guard response.status == .created, let id = (response.json["agent"] as? [String: Any])?["id"] as? Int else {
            throw AgentTestFailure("could not create agent \(name): \(response.status) \(response.text)")
        }
        return id
    }

    /// Creates a key for `agent` through the API; returns the key.
    static func createKey(_ client: any TestClientProtocol, agent: String, body: String = "{}") async throws -> String {
        let response = try await send(client, .post, "/api/agents/\(agent)/keys", body)
        guard let key = response.json["api_key"] as? String else {
            throw AgentTestFailure("could not create a key: \(response.status) \(response.text)")
        }
        return key
    }

    /// A user with `role` and a live session whose token is `token-<username>`.
    static func user(_ database: EventedDatabase, _ username: String, role: String, workspaceID: Int64 = 1) async throws
        -> String
    {
        let token = "token-\(username)"
        try await database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO users (username, display_name, password_hash, role, workspace_id) VALUES (?, ?, 'x', ?, ?)",
                arguments: [username, username, role, workspaceID])
            try db.execute(
                sql: "INSERT INTO user_sessions (token, user_id, expires_at, workspace_id) VALUES (?, ?, unixepoch() + 3600, ?)",
                arguments: [SecretToken.sha256Hex(token), db.lastInsertedRowID, workspaceID])
        }
        return token
    }

    /// Rows of `sql` as JSON values by column (GRDB rows cannot leave the database queue).
    static func rows(_ database: EventedDatabase, _ sql: String) async throws -> [[String: JSONValue]] {
        try await database.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                var fields: [String: JSONValue] = [:]
                for (column, value) in row { fields[column] = AgentRecord.jsonValue(value) }
                return fields
            }
        }
    }

    /// Event types of the `events` table, oldest first.
    static func eventTypes(_ database: EventedDatabase) async throws -> [String] {
        try await database.read { db in try String.fetchAll(db, sql: "SELECT type FROM events ORDER BY id") }
    }
}

/// A setup step of a test that failed.
struct AgentTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
