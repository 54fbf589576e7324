import Foundation
import GRDB
import MCIPC
import MCShared
import Testing

@testable import MCAPI

/// Liveness is derived from heartbeats: `AgentLiveness.sweep` with an explicit clock, the
/// `MC_AGENT_OFFLINE_TIMEOUT` setting and the bus endpoint the scheduler calls.
@Suite struct AgentLivenessTests {
    typealias Support = AgentTestSupport
    static let now: Int64 = 1_800_000_000

    /// Agents seen `ago` seconds before `now` (nil: never seen, created `ago` seconds before).
    static func seed(_ database: EventedDatabase, _ agents: [(name: String, status: String, ago: Int64?)]) async throws {
        try await database.pool.write { db in
            for agent in agents {
                try db.execute(
                    sql: "INSERT INTO agents (name, role, status, last_seen, created_at) VALUES (?, 'r', ?, ?, ?)",
                    arguments: [agent.name, agent.status, agent.ago.map { now - $0 }, now - 7200])
            }
        }
    }

    static func sweep(_ database: EventedDatabase, timeout: Int64 = 600) async throws -> [AgentLiveness.SweptAgent] {
        try await database.write { db, events in try AgentLiveness.sweep(db, events: &events, now: now, timeout: timeout) }
    }

    @Test func anAgentSilentLongerThanTheTimeoutGoesOfflineWithItsEvent() async throws {
        let app = try await TestApplication()
        let database = app.dependencies.database
        try await Self.seed(database, [("stale", "busy", 601), ("never", "online", nil)])
        let swept = try await Self.sweep(database)
        #expect(swept.map(\.name) == ["stale", "never"])
        #expect(swept.first?.previousStatus == "busy")
        let statuses = try await Support.rows(database, "SELECT status FROM agents ORDER BY id").map { $0["status"] }
        let events = try await Support.rows(database, "SELECT payload FROM events WHERE type = 'agent.status_changed' ORDER BY id")
        let notifications = try await Support.rows(
            database, "SELECT title FROM notifications WHERE recipient = 'system' AND type = 'heartbeat' ORDER BY id"
        ).map { $0["title"] }
        let activityActors = try await Support.rows(database, "SELECT actor FROM activities WHERE type = 'agent_status_change'")
            .map { $0["actor"] }
        #expect(statuses == ["offline", "offline"])
        #expect(events.count == 2)
        let payload = try #require(events.first?["payload"]?.stringValue.flatMap { try? JSONValue.parse(Data($0.utf8)) })
        #expect(payload["status"] == "offline")
        #expect(payload["name"] == "stale")
        #expect(payload["last_seen"] == .number(Double(Self.now - 601)))
        #expect(payload["workspace_id"] == 1)
        #expect(notifications == ["Agent offline: stale", "Agent offline: never"])
        #expect(activityActors == ["heartbeat", "heartbeat"])
    }

    @Test func aFreshAgentAndAnOfflineOneAreLeftAlone() async throws {
        let app = try await TestApplication()
        let database = app.dependencies.database
        try await Self.seed(database, [("fresh", "idle", 600), ("gone", "offline", 9000)])
        #expect(try await Self.sweep(database).isEmpty)
        let statuses = try await database.read { db in try String.fetchAll(db, sql: "SELECT status FROM agents ORDER BY id") }
        #expect(statuses == ["idle", "offline"])
        #expect(try await AgentTestSupport.eventTypes(database).isEmpty)
    }

    @Test func aSweptAgentComesBackWithItsNextHeartbeat() async throws {
        let app = try await TestApplication()
        let database = app.dependencies.database
        try await Self.seed(database, [("phoenix", "idle", 700)])
        #expect(try await Self.sweep(database).map(\.name) == ["phoenix"])
        let identity = Identity(
            userID: 0, username: "api", displayName: "API", role: .admin, workspaceID: 1, tenantID: 1, provider: "local",
            agentName: nil, agentID: nil, credential: .globalKey)
        let service = AgentHeartbeatService(database: database)
        _ = try await service.record(reference: "phoenix", input: AgentHeartbeatInput(), identity: identity, now: Self.now + 1)
        #expect(try await Self.sweep(database).isEmpty)
        #expect(try await database.read { db in try String.fetchOne(db, sql: "SELECT status FROM agents") } == "idle")
    }

    @Test(arguments: [("10", 10), ("86400", 86_400), (nil, 600)] as [(String?, Int64)])
    func timeoutSettingAcceptsItsRange(value: String?, expected: Int64) throws {
        let environment = EnvironmentReader(value.map { ["MC_AGENT_OFFLINE_TIMEOUT": $0] } ?? [:])
        #expect(try AgentLiveness.timeout(environment) == expected)
    }

    @Test(arguments: ["9", "86401", "ten", "-5"])
    func timeoutSettingRejectsValuesOutsideItsRange(value: String) {
        #expect(throws: ConfigurationError.self) {
            _ = try AgentLiveness.timeout(EnvironmentReader(["MC_AGENT_OFFLINE_TIMEOUT": value]))
        }
    }

    @Test func busEndpointSweepsOnceAttachedAndIsUnavailableBefore() async throws {
        let app = try await TestApplication()
        let endpoint = AgentLivenessEndpoint(timeout: 600)
        await #expect(throws: IPCError(.unavailable, "")) { try await endpoint.sweep(now: Self.now) }
        endpoint.attach(app.dependencies.database)
        try await Self.seed(app.dependencies.database, [("late", "idle", 601)])
        let result = try await endpoint.sweep(now: Self.now)
        #expect(result["offline"] == ["late"])
        #expect(result["timeout"] == 600)
    }
}
