import GRDB
import Synchronization

/// Calls `onDue` after every commit that inserted webhook deliveries, so the deliverer wakes on
/// the bus topic `webhooks.due` instead of polling. Updates (leases, reports) do not signal:
/// they never make new work due now.
final class WebhookDueSignal: TransactionObserver, Sendable {
    private let onDue: @Sendable () -> Void
    private let inserted = Mutex(false)

    init(onDue: @escaping @Sendable () -> Void) { self.onDue = onDue }

    /// Registers the signal on `pool` for the life of the database.
    static func watch(_ pool: DatabasePool, onDue: @escaping @Sendable () -> Void) {
        pool.add(transactionObserver: WebhookDueSignal(onDue: onDue), extent: .databaseLifetime)
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind { return table == "webhook_deliveries" }
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) { inserted.withLock { $0 = true } }

    func databaseDidCommit(_ db: Database) {
        let due = inserted.withLock { value in
            defer { value = false }
            return value
        }
        if due { onDue() }
    }

    func databaseDidRollback(_ db: Database) { inserted.withLock { $0 = false } }
}
