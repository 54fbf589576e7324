import GRDB
import Synchronization

/// Keeps the rotated global key's hash (`settings.security.api_key_hash`) in memory, so checking
/// an API key costs no database read per request. Any committed change to `settings` drops the
/// cached value; a value read while such a commit happened is not kept (generation check), so a
/// rotation takes effect with the very next request.
final class GlobalKeyHashCache: Sendable {
    private struct State {
        var generation: UInt64 = 0
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

    /// Forgets the value; called after every commit that changed `settings`.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.value = nil
        }
    }

    /// A cache of `pool`'s key hash, cleared by commits to `settings`.
    static func watching(_ pool: DatabasePool) -> GlobalKeyHashCache {
        let cache = GlobalKeyHashCache()
        TableCommitObserver.watch(pool, tables: ["settings"]) { cache.invalidate() }
        return cache
    }
}
