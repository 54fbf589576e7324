import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import MCShared
import Testing

@testable import MCAPI

/// `GET /api/status` against the real application and a real database in a temporary folder.
struct StatusRoutesTests {
    static func withApp(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await TestApplication().test(.router, body)
    }

    @Test func overviewReportsVersionDatabaseMemoryAndBus() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/api/status", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/status", method: .get, headers: [.init("x-api-key")!: TestApplication.globalKey]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let body = try JSONDecoder().decode(StatusRoutes.Overview.self, from: Data(response.body.readableBytesView))
                #expect(body.version == MissionControlVersion.current)
                #expect(body.database.ok)
                #expect(body.database.migrations == Migrations.migrator.migrations.sorted())
                #expect(body.memory.rssBytes > 0)
                #expect(body.bus.clients == ["gateway", "webhooks"])
            }
        }
    }

    @Test func healthReportsChecksWithTheOriginalShape() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/api/status?action=health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(StatusRoutes.HealthReport.self, from: Data(response.body.readableBytesView))
                #expect(body.checks.first?.name == "Database")
                #expect(body.checks.first?.status == "healthy")
                #expect(["healthy", "warning"].contains(body.status))
            }
        }
    }

    @Test func unknownActionIs400WithTheOriginalMessage() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/api/status?action=bogus", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body) == #"{"error":"Invalid action"}"#)
            }
        }
    }

    @Test(arguments: [
        ([("Database", "healthy"), ("Disk Space", "healthy")], "healthy"),
        ([("Database", "warning"), ("Disk Space", "healthy")], "degraded"),
        ([("Database", "healthy"), ("Disk Space", "warning")], "warning"),
        ([("Database", "warning"), ("Disk Space", "critical")], "unhealthy"),
        ([("Database", "error")], "unhealthy"),
    ])
    func overallHealthFollowsTheOriginalRule(checks: [(String, String)], expected: String) {
        let list = checks.map { StatusRoutes.HealthReport.Check(name: $0.0, status: $0.1, message: "") }
        #expect(StatusRoutes.overallStatus(list) == expected)
    }

    @Test func migrationsCreateTheEventsTable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcdb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pool = try DatabaseFactory.open(path: directory + "/mc.db")
        let (hasEvents, journal, foreignKeys) = try pool.read { db in
            (
                try db.tableExists("events"), try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(hasEvents)
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        // Opening again runs no migration twice.
        _ = try DatabaseFactory.open(path: directory + "/mc.db")
    }
}
