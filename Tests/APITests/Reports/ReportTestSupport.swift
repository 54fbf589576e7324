import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared

@testable import MCAPI

/// Fixtures of the report tests: rows inserted straight into the database so dates, actors
/// and workspaces are exact, and requests as any caller.
enum ReportTestSupport {
    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// Inserts a row into `table`; returns its rowid.
    @discardableResult
    static func insert(_ app: TestApplication, _ table: String, _ values: [String: (any DatabaseValueConvertible)?])
        async throws -> Int64
    {
        // DatabaseValue is Sendable; the convertible values are not.
        let columns = values.keys.sorted()
        let stored = columns.map { values[$0]??.databaseValue ?? .null }
        return try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
                arguments: StatementArguments(stored))
            return db.lastInsertedRowID
        }
    }

    /// A second workspace (id 2) of the default tenant.
    static func addWorkspace(_ app: TestApplication) async throws {
        try await insert(app, "workspaces", ["id": 2, "slug": "other", "name": "Other", "tenant_id": 1])
    }

    /// An agent; returns its id.
    @discardableResult
    static func agent(_ app: TestApplication, _ name: String, workspaceID: Int64 = 1, extra: [String: (any DatabaseValueConvertible)?] = [:])
        async throws -> Int64
    {
        var values: [String: (any DatabaseValueConvertible)?] = ["name": name, "role": "coder", "status": "idle", "workspace_id": workspaceID]
        values.merge(extra) { _, new in new }
        return try await insert(app, "agents", values)
    }

    /// An agent key for `agentID` (scopes `viewer` unless told); returns the key.
    static func key(_ app: TestApplication, agentID: Int64, workspaceID: Int64 = 1, scopes: String = #"["viewer"]"#,
        revoked: Bool = false) async throws -> String
    {
        let seed = String(Int(agentID) * 1000 + (revoked ? 1 : 0) + scopes.count, radix: 16)
        let key = "mca_" + String(repeating: "0", count: 48 - seed.count) + seed
        try await insert(
            app, "agent_api_keys",
            [
                "agent_id": agentID, "workspace_id": workspaceID, "name": "k", "key_hash": SecretToken.sha256Hex(key),
                "key_prefix": String(key.prefix(12)), "scopes": scopes, "revoked_at": revoked ? now : nil,
            ])
        return key
    }

    /// A task; returns its id.
    @discardableResult
    static func task(_ app: TestApplication, _ title: String, _ values: [String: (any DatabaseValueConvertible)?] = [:])
        async throws -> Int64
    {
        var row: [String: (any DatabaseValueConvertible)?] = ["title": title, "workspace_id": 1, "created_at": 1_000, "updated_at": 1_000]
        row.merge(values) { _, new in new }
        return try await insert(app, "tasks", row)
    }

    /// An activity.
    static func activity(_ app: TestApplication, type: String, actor: String, at createdAt: Int64, workspaceID: Int64 = 1,
        data: String? = nil) async throws
    {
        try await insert(
            app, "activities",
            [
                "type": type, "entity_type": "task", "entity_id": 1, "actor": actor, "description": "\(type) by \(actor)",
                "data": data, "created_at": createdAt, "workspace_id": workspaceID,
            ])
    }

    /// Sends a request as the global admin key unless other headers are given.
    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
        headers: HTTPFields = AgentTestSupport.admin
    ) async throws -> TestResponse {
        try await AgentTestSupport.send(client, method, uri, body, headers: headers)
    }

    /// The value at a dotted path of a JSON object (`a.b.0.c`).
    static func value(_ json: Any?, _ path: String) -> Any? {
        path.split(separator: ".").reduce(json) { current, key in
            if let index = Int(key), let array = current as? [Any] { return index < array.count ? array[index] : nil }
            return (current as? [String: Any])?[String(key)]
        }
    }

    /// Integer at a dotted path.
    static func int(_ json: Any?, _ path: String) -> Int? { value(json, path) as? Int }
}
