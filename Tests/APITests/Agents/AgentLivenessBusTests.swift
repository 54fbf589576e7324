import Foundation
import GRDB
import Logging
import MCIPC
import MCShared
import Testing

@testable import MCAPI

/// `agents.liveness_sweep` over a real bus socket, as the scheduler worker calls it.
@Suite struct AgentLivenessBusTests {
    @Test func theSchedulersBusMethodSweepsStaleAgents() async throws {
        let app = try await TestApplication()
        let database = app.dependencies.database
        try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO agents (name, role, status, last_seen) VALUES ('quiet', 'r', 'idle', unixepoch() - 700)")
            try db.execute(sql: "INSERT INTO agents (name, role, status, last_seen) VALUES ('alive', 'r', 'busy', unixepoch())")
        }
        var template = Array("/tmp/mcagents-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logger = Logger(label: "test")
        let endpoint = AgentLivenessEndpoint(timeout: 600, database: database)
        let server = try await IPCServer.bind(
            path: directory + "/api.sock", hello: IPCHello(role: "api", name: "api", pid: getpid(), build: "test"),
            handler: APIBusHandler(startedAt: .now, logger: logger, agentLiveness: endpoint), logger: logger)
        let serving = Task { try await server.run() }
        defer {
            server.close()
            serving.cancel()
        }
        let client = try await IPCClient.connect(
            path: directory + "/api.sock", hello: IPCHello(role: "worker", name: "scheduler", pid: getpid(), build: "test"))
        defer { client.close() }
        let result = try await client.request("agents.liveness_sweep", .emptyObject)
        #expect(result["offline"] == ["quiet"])
        #expect(result["timeout"] == 600)
        let statuses = try await database.read { db in try String.fetchAll(db, sql: "SELECT status FROM agents ORDER BY id") }
        #expect(statuses == ["offline", "busy"])
    }
}
