import GRDB
import Synchronization

/// Keeps the rotated global key's hash (`settings.security.api_key_hash`) in memory, so checking
/// an API key costs no database read per request. Any committed change to `settings` drops the
/// cached value; a value read while such a commit happened is not kept (generation check), so a
/// rotation takes effect with the very next request.
final class GlobalKeyHashCache: TransactionObserver, Sendable {
    private struct State {
        var generation: UInt64 = 0
        var pending = false
        /// nil: unknown; `.some(nil)`: known to be absent.
        var value: String??
    }
    private let state = Mutex(State())

    /// The stored hash, reading it with `load` when not cached.
    func hash(load: () async throws -> String?) async throws -> String? {
        let (cached, generation) = state.withLock { ($0.value, $0.generation) }
        if let cached { return cached }
        let loaded = try await load()
        state.withLock { state in
            if state.generation == generation { state.value = .some(loaded) }
        }
        return loaded
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { eventKind.tableName == "settings" }

    func databaseDidChange(with event: DatabaseEvent) { state.withLock { $0.pending = true } }

    func databaseDidCommit(_ db: Database) {
        state.withLock { state in
            if state.pending {
                state.generation &+= 1
                state.value = nil
            }
            state.pending = false
        }
    }

    func databaseDidRollback(_ db: Database) { state.withLock { $0.pending = false } }
}
