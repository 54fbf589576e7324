import GRDB
import MCShared
import Synchronization

/// What a heartbeat reads (the agent row and its work items), kept per agent so that steady
/// heartbeats, which arrive many times a minute from every agent, touch no database. An entry
/// is dropped by any commit to a table the read depends on, and lives at most `lifetime`
/// because the urgent-activity window moves with the clock. A value read while such a commit
/// happened is not kept (generation check).
///
/// Two things keep a burst of concurrent heartbeats from turning into a burst of database work
/// (which is what made the tail latency): concurrent misses for one agent share a single read
/// (single flight), and only one heartbeat per agent and `persistInterval` wins the right to
/// write `last_seen` (`claimPersist`), however many are in flight when the interval elapses.
final class AgentHeartbeatCache: Sendable {
    /// One cached read.
    struct Entry: Sendable {
        var agent: AgentRecord
        var report: [String: JSONValue]
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [String: (generation: UInt64, storedAt: ContinuousClock.Instant, entry: Entry)] = [:]
        var loading: [String: Task<Entry, any Error>] = [:]
        /// When each agent's `last_seen` was last claimed for writing (unix seconds).
        var persisted: [String: Int64] = [:]
    }

    static let lifetime: Duration = .seconds(1)
    static let capacity = 4096
    /// The tables a heartbeat's read depends on.
    static let observedTables: Set<String> = ["agents", "tasks", "notifications", "activities", "usage_ledger", "budgets"]
    private let state = Mutex(State())

    /// The cached read for `key`, or `load`'s result, shared with every caller that misses at
    /// the same time; kept when no commit intervened.
    func entry(for key: String, load: @escaping @Sendable () async throws -> Entry) async throws -> Entry {
        let now = ContinuousClock.now
        enum Lookup {
            case hit(Entry)
            case wait(Task<Entry, any Error>)
        }
        let lookup = state.withLock { state -> Lookup in
            if let stored = state.entries[key], stored.generation == state.generation, now - stored.storedAt < Self.lifetime {
                return .hit(stored.entry)
            }
            if let running = state.loading[key] { return .wait(running) }
            let generation = state.generation
            let task = Task<Entry, any Error> {
                defer { self.state.withLock { _ = $0.loading.removeValue(forKey: key) } }
                let loaded = try await load()
                self.state.withLock { state in
                    guard state.generation == generation else { return }
                    if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
                    state.entries[key] = (generation, now, loaded)
                }
                return loaded
            }
            state.loading[key] = task
            return .wait(task)
        }
        switch lookup {
        case .hit(let entry): return entry
        case .wait(let task): return try await task.value
        }
    }

    /// True for exactly one caller per `key` and `interval`: the one that should write
    /// `last_seen` now. `lastSeen` is the stored value, which counts as a claim.
    func claimPersist(key: String, now: Int64, lastSeen: Int64?, interval: Int64) -> Bool {
        state.withLock { state in
            let last = max(state.persisted[key] ?? 0, lastSeen ?? 0)
            guard last + interval <= now else { return false }
            if state.persisted.count >= Self.capacity { state.persisted.removeAll(keepingCapacity: true) }
            state.persisted[key] = now
            return true
        }
    }

    /// Forgets a claim whose write failed, so the next heartbeat tries again.
    func releasePersist(key: String, now: Int64) {
        state.withLock { state in
            if state.persisted[key] == now { state.persisted.removeValue(forKey: key) }
        }
    }

    /// Drops every entry; called after every commit that changed an observed table.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}
