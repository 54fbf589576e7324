import Foundation
import GRDB
import MCShared

/// A `webhooks` row as the API shows it (reference §7.9): `events` parsed, `enabled` a
/// boolean, the secret masked to its last four characters, the delivery counts, and the
/// circuit breaker's state.
enum WebhookRecord {
    /// The columns and delivery counts every read selects.
    static let selection = """
        SELECT w.id, w.name, w.url, w.secret_last4, w.events, w.enabled, w.last_fired_at, w.last_status,
               w.consecutive_failures, w.circuit_state, w.circuit_probe_started_at, w.circuit_next_probe_at, w.created_by,
               w.created_at, w.updated_at, w.workspace_id,
               (SELECT COUNT(*) FROM webhook_deliveries d
                WHERE d.webhook_id = w.id AND (d.status != 'pending' OR d.attempt > 0)) AS total_deliveries,
               (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'succeeded') AS successful_deliveries,
               (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status IN ('failed', 'dead')) AS failed_deliveries
        FROM webhooks w
        """

    /// The masked form of a secret: `••••••` and its last four characters.
    static func masked(last4: String?) -> JSONValue {
        last4.map { .string("••••••" + $0) } ?? .null
    }

    static func json(_ row: Row) -> JSONValue {
        let events = (row["events"] as String?).flatMap { try? JSONValue.parse($0) } ?? ["*"]
        let state: String = row["circuit_state"]
        func integer(_ name: String) -> JSONValue { (row[name] as Int64?).map { .number(Double($0)) } ?? .null }
        return [
            "id": integer("id"), "name": .string(row["name"]), "url": .string(row["url"]),
            "secret": masked(last4: row["secret_last4"]), "events": events, "enabled": .bool(row["enabled"] as Bool),
            "last_fired_at": integer("last_fired_at"), "last_status": integer("last_status"),
            "consecutive_failures": integer("consecutive_failures"), "circuit_open": .bool(state != "closed"),
            "circuit": [
                "state": .string(state), "consecutive_failures": integer("consecutive_failures"),
                "probe_started_at": integer("circuit_probe_started_at"), "next_probe_at": integer("circuit_next_probe_at"),
            ],
            "created_by": (row["created_by"] as String?).map(JSONValue.string) ?? .null,
            "created_at": integer("created_at"), "updated_at": integer("updated_at"),
            "workspace_id": integer("workspace_id"), "total_deliveries": integer("total_deliveries"),
            "successful_deliveries": integer("successful_deliveries"), "failed_deliveries": integer("failed_deliveries"),
        ]
    }
}
