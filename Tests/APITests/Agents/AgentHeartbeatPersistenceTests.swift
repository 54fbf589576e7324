import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// Steady heartbeats are persisted at most every `persistInterval`; anything that changes the
/// agent (status, activity, token usage) is written at once.
@Suite struct AgentHeartbeatPersistenceTests {
    typealias S = AgentTestSupport

    static func lastSeen(_ app: TestApplication) async throws -> (Int64?, String?) {
        try await app.dependencies.database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT last_seen, status FROM agents WHERE name = 'steady'")
            return (row?["last_seen"], row?["status"])
        }
    }

    @Test func unchangedHeartbeatWithinTheIntervalIsNotWrittenAndAStatusChangeIs() async throws {
        let app = try await TestApplication()
        try await app.test(.router) { client in
            _ = try await S.createAgent(client, "steady")
            let first = try await S.send(client, .post, "/api/agents/steady/heartbeat", #"{"status":"busy"}"#)
            #expect(first.status == .ok)
            let (seen, status) = try await Self.lastSeen(app)
            #expect(status == "busy")
            // Pretend the last write was 2 s ago: within the interval, an identical heartbeat
            // leaves the row alone.
            let earlier = try #require(seen) - 2
            try await app.dependencies.database.pool.write { db in
                try db.execute(sql: "UPDATE agents SET last_seen = ? WHERE name = 'steady'", arguments: [earlier])
            }
            #expect(try await S.send(client, .post, "/api/agents/steady/heartbeat", #"{"status":"busy"}"#).status == .ok)
            #expect(try await Self.lastSeen(app).0 == earlier)
            // A status change is written at once, with its event.
            #expect(try await S.send(client, .post, "/api/agents/steady/heartbeat", #"{"status":"idle"}"#).status == .ok)
            let (after, newStatus) = try await Self.lastSeen(app)
            #expect(newStatus == "idle")
            #expect((after ?? 0) > earlier)
            // Past the interval, an unchanged heartbeat is written again.
            let stale = (after ?? 0) - AgentHeartbeatService.persistInterval
            try await app.dependencies.database.pool.write { db in
                try db.execute(sql: "UPDATE agents SET last_seen = ? WHERE name = 'steady'", arguments: [stale])
            }
            #expect(try await S.send(client, .post, "/api/agents/steady/heartbeat", #"{"status":"idle"}"#).status == .ok)
            #expect((try await Self.lastSeen(app).0 ?? 0) > stale)
        }
    }

    @Test func aTaskAssignedBetweenTwoHeartbeatsShowsInTheNextOne() async throws {
        let app = try await TestApplication()
        try await app.test(.router) { client in
            _ = try await S.createAgent(client, "steady")
            let before = try await S.send(client, .post, "/api/agents/steady/heartbeat", "{}")
            #expect(before.json["status"] as? String == "HEARTBEAT_OK")
            let created = try await S.send(client, .post, "/api/tasks", #"{"title":"Fix the build","assigned_to":"steady"}"#)
            #expect(created.status == .created)
            let after = try await S.send(client, .post, "/api/agents/steady/heartbeat", "{}")
            #expect(after.json["status"] as? String == "WORK_ITEMS_FOUND", "a cached answer must not hide the new task")
        }
    }
}
