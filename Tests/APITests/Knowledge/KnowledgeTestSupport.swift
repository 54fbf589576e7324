import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared

@testable import MCAPI

/// Fixtures of the knowledge tests: agent workspace directories, files with chosen times,
/// agent keys with scopes, strict workspaces.
enum KnowledgeTestSupport {
    typealias Support = AgentTestSupport

    /// A fresh directory inside the application's data directory (removed with it).
    static func directory(_ app: TestApplication, _ name: String) throws -> String {
        let path = app.directory + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Creates an agent whose `config.workspace` is `workspace`; returns its id.
    @discardableResult
    static func agent(_ client: any TestClientProtocol, _ name: String, workspace: String?) async throws -> Int {
        let config = workspace.map { #","config":{"workspace":"\#($0)"}"# } ?? ""
        return try await Support.createAgent(client, name, extra: config)
    }

    /// Writes `content` to `path`, modified `age` seconds ago (negative: in the future).
    static func write(_ path: String, _ content: String, age: TimeInterval = 0) throws {
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: path)
    }

    /// The text of `path`, nil when missing.
    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A key of `agent` with `scopes`; returns headers that use it.
    static func agentKey(_ client: any TestClientProtocol, agent: String, scopes: [String] = ["operator"]) async throws
        -> HTTPFields
    {
        let list = scopes.map { "\"\($0)\"" }.joined(separator: ",")
        return Support.agentKey(try await Support.createKey(client, agent: agent, body: #"{"scopes":[\#(list)]}"#))
    }

    /// A strict workspace (id 2) and an admin session in it; returns the session's headers.
    static func strictAdmin(_ app: TestApplication) async throws -> HTTPFields {
        try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO workspaces (id, slug, name, tenant_id, isolation) VALUES (2, 'locked', 'Locked', 1, 'strict')"
            )
        }
        return Support.session(
            try await Support.user(app.dependencies.database, "strict-admin", role: "admin", workspaceID: 2))
    }

    /// Runs `sql` (fixtures).
    static func execute(_ app: TestApplication, _ sql: String, _ arguments: StatementArguments = []) async throws {
        try await app.dependencies.database.pool.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    /// One value of `sql`.
    static func value<T: DatabaseValueConvertible & Sendable>(
        _ app: TestApplication, _ sql: String, as type: T.Type = T.self
    )
        async throws -> T?
    {
        try await app.dependencies.database.read { db in try T.fetchOne(db, sql: sql) }
    }
}
