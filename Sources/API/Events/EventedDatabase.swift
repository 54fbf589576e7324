import GRDB

/// The one way to write a visible change: the body runs in a write transaction and appends
/// its events to `events` there; the hub publishes them only after the commit succeeded, so
/// subscribers never see a change that was rolled back, and nothing committed goes unannounced.
///
/// The same transaction writes the webhook deliveries the events call for (`WebhookOutbox`).
///
/// Publication happens in GRDB's commit hook, on the serialized writer: events reach
/// subscribers in commit (and so id) order even when many requests write at once.
struct EventedDatabase: Sendable {
    let pool: DatabasePool
    let hub: EventHub

    /// Runs `body` in a transaction; events it appends to `events` are published after commit.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database, inout [StoredEvent]) throws -> T) async throws -> T {
        let hub = self.hub
        return try await pool.write { db -> T in
            var events: [StoredEvent] = []
            let result = try body(db, &events)
            if !events.isEmpty {
                // The webhook outbox: deliveries for these events commit with them or not at all.
                try WebhookOutbox.enqueue(db, events: events)
                let committed = events
                db.afterNextTransaction(onCommit: { _ in hub.publish(committed) })
            }
            return result
        }
    }

    /// Reads.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }
}
