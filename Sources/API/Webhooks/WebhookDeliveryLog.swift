import Foundation
import GRDB
import MCShared

/// `GET /api/webhooks/deliveries` (reference §7.9): the delivery history, newest first, paged;
/// each row with its webhook's name and URL, its status and attempts, and the next retry.
struct WebhookDeliveryLog: Sendable {
    static let defaultLimit = 50
    static let maximumLimit = 200

    let database: EventedDatabase

    func list(webhookID: Int64?, limit: Int, offset: Int, workspaceID: Int64) async throws -> JSONValue {
        try await database.read { db in
            var filter = "d.workspace_id = ?"
            var arguments: [(any DatabaseValueConvertible)?] = [workspaceID]
            if let webhookID {
                filter += " AND d.webhook_id = ?"
                arguments.append(webhookID)
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.webhook_id, d.event_id, d.event_type, d.payload, d.delivery_uid, d.status, d.status_code,
                           d.response_body, d.error, d.duration_ms, d.attempt, d.is_retry, d.parent_delivery_id,
                           d.next_attempt_at, d.next_retry_at, d.created_at, d.updated_at, d.workspace_id,
                           w.name AS webhook_name, w.url AS webhook_url
                    FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                    WHERE \(filter) ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?
                    """,
                arguments: StatementArguments(arguments + [limit as (any DatabaseValueConvertible)?, offset]))
            let total = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM webhook_deliveries d WHERE \(filter)", arguments: StatementArguments(arguments)) ?? 0
            return ["deliveries": .array(rows.map(Self.json)), "total": .number(Double(total))]
        }
    }

    static func json(_ row: Row) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for (column, value) in row { fields[column] = AgentRecord.jsonValue(value) }
        fields["payload"] = (row["payload"] as String?).flatMap { try? JSONValue.parse($0) } ?? .null
        fields["is_retry"] = .bool(row["is_retry"] as Bool)
        return .object(fields)
    }
}
