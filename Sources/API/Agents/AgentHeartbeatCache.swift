import GRDB
import MCShared
import Synchronization

/// What a heartbeat reads (the agent row and its work items), kept per agent so that steady
/// heartbeats, which arrive many times a minute from every agent, touch no database. An entry
/// is dropped by any commit to a table the read depends on, and lives at most `lifetime`
/// because the urgent-activity window moves with the clock. A value read while such a commit
/// happened is not kept (generation check).
final class AgentHeartbeatCache: Sendable {
    /// One cached read.
    struct Entry: Sendable {
        var agent: AgentRecord
        var report: [String: JSONValue]
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [String: (generation: UInt64, storedAt: ContinuousClock.Instant, entry: Entry)] = [:]
    }

    static let lifetime: Duration = .seconds(1)
    static let capacity = 4096
    /// The tables a heartbeat's read depends on.
    static let observedTables: Set<String> = ["agents", "tasks", "notifications", "activities"]
    private let state = Mutex(State())

    /// The cached read for `key`, or `load`'s result (kept when no commit intervened).
    func entry(for key: String, load: () async throws -> Entry) async throws -> Entry {
        let now = ContinuousClock.now
        let (cached, generation) = state.withLock { state -> (Entry?, UInt64) in
            guard let stored = state.entries[key], stored.generation == state.generation,
                now - stored.storedAt < Self.lifetime
            else { return (nil, state.generation) }
            return (stored.entry, state.generation)
        }
        if let cached { return cached }
        let loaded = try await load()
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = (generation, now, loaded)
        }
        return loaded
    }

    /// Drops every entry; called after every commit that changed an observed table.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}
