import GRDB
import Synchronization

/// Remembers task list answers — whole pages and `total` counts — until a commit changes a
/// table they are built from (`tasks`, `comments`, `projects`).
///
/// `GET /api/tasks` is the hot path: dashboards and agents poll it far more often than tasks
/// change, and with thousands of tasks counting the matches and building 50 task objects cost
/// far more than copying remembered bytes. The cache observes commits on the database writer,
/// so a change made by any code path invalidates it: it is correct without callers'
/// cooperation. Readers take the generation *before* reading, so an entry is never tagged with
/// a generation newer than the data it was built from.
final class TaskListCache: Sendable {
    private struct State {
        /// Bumped after every commit that changed an observed table.
        var generation: UInt64 = 0
        /// True between a change to an observed table and the end of its transaction.
        var pending = false
        var totals: [String: (generation: UInt64, total: Int)] = [:]
        var pages: [String: (generation: UInt64, bytes: [UInt8])] = [:]
    }
    private let state = Mutex(State())
    /// Bound on remembered entries of each kind; past it the cache starts over.
    private static let capacity = 256
    /// The tables whose commits make cached lists stale.
    static let observedTables: Set<String> = ["tasks", "comments", "projects"]

    /// The current generation.
    var generation: UInt64 { state.withLock { $0.generation } }

    func total(for key: String, generation: UInt64) -> Int? {
        state.withLock { state in
            guard let entry = state.totals[key], entry.generation == generation else { return nil }
            return entry.total
        }
    }

    func remember(total: Int, for key: String, generation: UInt64) {
        state.withLock { state in
            if state.totals.count >= Self.capacity { state.totals.removeAll(keepingCapacity: true) }
            state.totals[key] = (generation, total)
        }
    }

    func page(for key: String, generation: UInt64) -> [UInt8]? {
        state.withLock { state in
            guard let entry = state.pages[key], entry.generation == generation else { return nil }
            return entry.bytes
        }
    }

    func remember(page bytes: [UInt8], for key: String, generation: UInt64) {
        state.withLock { state in
            if state.pages.count >= Self.capacity { state.pages.removeAll(keepingCapacity: true) }
            state.pages[key] = (generation, bytes)
        }
    }

    /// Drops every cached page and total; called after every commit that changed an observed table.
    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            // Old entries can never match again; drop them rather than hold their memory.
            state.totals.removeAll(keepingCapacity: true)
            state.pages.removeAll(keepingCapacity: true)
        }
    }
}
