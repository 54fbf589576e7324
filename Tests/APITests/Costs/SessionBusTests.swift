import Foundation
import GRDB
import Logging
import MCIPC
import MCShared
import Testing

@testable import MCAPI

/// The scanner's three methods over a real bus socket, as the `sessions` worker calls them.
@Suite(.timeLimit(.minutes(1))) struct SessionBusTests {
    typealias F = LedgerFixture

    @Test func ingestStateAndRemovalWorkOverTheBus() async throws {
        let app = try await TestApplication(busClients: [])
        var template = Array("/tmp/mcledger-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let logger = Logger(label: "test")
        let endpoint = SessionBusEndpoint()
        endpoint.attach(SessionLedger(database: app.dependencies.database))
        let server = try await IPCServer.bind(
            path: directory + "/api.sock", hello: IPCHello(role: "api", name: "api", pid: getpid(), build: "test"),
            handler: APIBusHandler(startedAt: .now, logger: logger, sessions: endpoint), logger: logger)
        let serving = Task { try await server.run() }
        defer {
            server.close()
            serving.cancel()
        }
        let client = try await IPCClient.connect(
            path: directory + "/api.sock", hello: IPCHello(role: "worker", name: "sessions", pid: getpid(), build: "test"))
        defer { client.close() }
        #expect(try await client.request("sessions.ingest", F.main) == ["stored": 5, "replaced": 1])
        #expect(try await client.request("sessions.ingest", F.main) == ["stored": 0, "replaced": 0])
        let state = try await client.request("sessions.state", .emptyObject)
        #expect(state["files"]?.arrayValue?.first?["offset"] == 1000)
        #expect(try await client.request("sessions.file_removed", ["path": .string(F.mainPath)]) == ["removed": true])
        #expect(try await client.request("sessions.state", .emptyObject) == ["files": []])
        do {
            _ = try await client.request("sessions.file_removed", .emptyObject)
            Issue.record("accepted a removal without a path")
        } catch {
            #expect(error.code == .badRequest)
            #expect(error.message == "sessions.file_removed needs path")
        }
    }
}
