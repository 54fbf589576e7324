import Foundation
import GRDB
import MCShared
import MCWebhooks

/// The outbox (DESIGN §1 rule 2): in the transaction that writes events, one delivery row per
/// enabled webhook that subscribes to one of them, so a committed change is never left
/// undelivered whatever crashes next. `WebhookEventMapping.changes(in:)` turns the
/// transaction's events into changes; each webhook gets at most one event per change.
enum WebhookOutbox {
    /// Adds the deliveries for `events`; returns how many.
    @discardableResult
    static func enqueue(_ db: Database, events: [StoredEvent]) throws -> Int {
        guard !events.isEmpty else { return 0 }
        var added = 0
        let now = Int64(Date().timeIntervalSince1970)
        for (workspaceID, group) in Dictionary(grouping: events, by: \.workspaceID) {
            let webhooks = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, events FROM webhooks WHERE workspace_id = ? AND enabled = 1"),
                arguments: [workspaceID]
            ).map { row -> (id: Int64, subscriptions: [String]) in
                let list = (row["events"] as String?).flatMap { try? JSONValue.parse($0) }
                let subscriptions: [String]
                if case .array(let items)? = list { subscriptions = items.compactMap(\.stringValue) } else { subscriptions = ["*"] }
                return (row["id"], subscriptions)
            }
            guard !webhooks.isEmpty else { continue }
            let changes = WebhookEventMapping.changes(in: group.map { WebhookSourceEvent(type: $0.type, payload: $0.payload) })
            let eventID = group.last?.id
            for change in changes {
                for webhook in webhooks {
                    guard let event = change.event(for: webhook.subscriptions) else { continue }
                    try insert(
                        db, webhookID: webhook.id, eventID: eventID, type: event.type, data: event.data, automatic: true,
                        now: now, workspaceID: workspaceID)
                    added += 1
                }
            }
        }
        return added
    }

    /// One delivery row, due now; returns its id.
    @discardableResult
    static func insert(
        _ db: Database, webhookID: Int64, eventID: Int64?, type: String, data: JSONValue, automatic: Bool, attempt: Int = 0,
        parentID: Int64? = nil, now: Int64, workspaceID: Int64
    ) throws -> Int64 {
        try db.cachedStatement(
                sql: """
                    INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, payload, delivery_uid, status, attempt,
                        is_retry, parent_delivery_id, automatic, next_attempt_at, created_at, updated_at, workspace_id)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                webhookID, eventID, type, data.jsonText, "msg_" + SecretToken.randomHex(byteCount: 12), attempt, attempt > 0,
                parentID, automatic, now, now, now, workspaceID,
            ])
        return db.lastInsertedRowID
    }
}
