import GRDB
import Synchronization

/// Calls `onCommittedChange` after every commit that changed one of `tables` — never for a
/// rolled-back change. The in-memory caches (task lists, heartbeats, the global key hash) use it
/// to drop what a commit made stale. It runs on the writer, in commit order.
final class TableCommitObserver: TransactionObserver, Sendable {
    private let tables: Set<String>
    private let onCommittedChange: @Sendable () -> Void
    private let pending = Mutex(false)

    init(tables: Set<String>, onCommittedChange: @escaping @Sendable () -> Void) {
        self.tables = tables
        self.onCommittedChange = onCommittedChange
    }

    /// Registers an observer of `tables` on `pool` for the life of the database.
    static func watch(_ pool: DatabasePool, tables: Set<String>, onCommittedChange: @escaping @Sendable () -> Void) {
        pool.add(
            transactionObserver: TableCommitObserver(tables: tables, onCommittedChange: onCommittedChange),
            extent: .databaseLifetime)
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { tables.contains(eventKind.tableName) }

    func databaseDidChange(with event: DatabaseEvent) { pending.withLock { $0 = true } }

    func databaseDidCommit(_ db: Database) {
        let changed = pending.withLock { value in
            defer { value = false }
            return value
        }
        if changed { onCommittedChange() }
    }

    func databaseDidRollback(_ db: Database) { pending.withLock { $0 = false } }
}
