import Foundation
import GRDB
import MCShared
import Synchronization
import Testing

@testable import MCAPI

/// A counter that escaping closures can share.
final class SharedCounter: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

/// The heartbeat cache keeps bursts of heartbeats from becoming bursts of database work.
@Suite struct AgentHeartbeatCacheTests {
    static func entry(_ name: String) throws -> AgentHeartbeatCache.Entry {
        let queue = try DatabaseQueue()
        let row = try queue.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT 1 AS id, ? AS name, 'agent' AS role, 'idle' AS status, NULL AS session_key, NULL AS soul_content,
                           NULL AS last_seen, NULL AS last_activity, 0 AS updated_at, 1 AS workspace_id, NULL AS config
                    """,
                arguments: [name])!
        }
        return .init(agent: AgentRecord(row: row), report: [:])
    }

    @Test func concurrentMissesShareOneLoad() async throws {
        let cache = AgentHeartbeatCache()
        let loads = SharedCounter()
        let value = try Self.entry("a")
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await cache.entry(for: "1/a") {
                        loads.add()
                        try await Task.sleep(for: .milliseconds(50))
                        return value
                    }.agent.name
                }
            }
            for try await name in group { #expect(name == "a") }
        }
        #expect(loads.count == 1)
        // A commit drops the entry: the next caller loads again.
        cache.invalidate()
        _ = try await cache.entry(for: "1/a") {
            loads.add()
            return value
        }
        #expect(loads.count == 2)
    }

    @Test func aFailedLoadIsNotKeptAndTheNextCallerRetries() async throws {
        let cache = AgentHeartbeatCache()
        struct Failure: Error {}
        await #expect(throws: Failure.self) {
            _ = try await cache.entry(for: "1/b") { throw Failure() }
        }
        let loaded = try await cache.entry(for: "1/b") { try Self.entry("b") }
        #expect(loaded.agent.name == "b")
    }

    @Test func exactlyOneClaimPerIntervalWhateverTheConcurrency() async {
        let cache = AgentHeartbeatCache()
        let wins = SharedCounter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    if cache.claimPersist(key: "1/a", now: 1_000, lastSeen: 990, interval: 5) { wins.add() }
                }
            }
        }
        #expect(wins.count == 1)
        // Within the interval of the claim: no; at the interval: yes.
        #expect(!cache.claimPersist(key: "1/a", now: 1_004, lastSeen: 990, interval: 5))
        #expect(cache.claimPersist(key: "1/a", now: 1_005, lastSeen: 990, interval: 5))
        // A stored last_seen inside the interval counts as a claim.
        #expect(!cache.claimPersist(key: "1/c", now: 1_000, lastSeen: 998, interval: 5))
        // A released claim (its write failed) can be taken again at once.
        #expect(cache.claimPersist(key: "1/d", now: 2_000, lastSeen: nil, interval: 5))
        cache.releasePersist(key: "1/d", now: 2_000)
        #expect(cache.claimPersist(key: "1/d", now: 2_000, lastSeen: nil, interval: 5))
    }
}
