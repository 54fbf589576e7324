import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `/api/webhooks` create, read, update, delete (reference §7.9). Secrets are 32 random bytes
/// as 64 hex characters, sealed with the data directory's key (`SecretBox`) and shown in full
/// only in the answer that created them.
struct WebhookStore: Sendable {
    /// Webhooks per workspace.
    static let limit = 100

    let database: EventedDatabase
    let secrets: SecretBox

    func list(workspaceID: Int64) async throws -> JSONValue {
        try await database.read { db in
            let rows = try Row.fetchAll(
                db, sql: "\(WebhookRecord.selection) WHERE w.workspace_id = ? ORDER BY w.created_at DESC, w.id DESC",
                arguments: [workspaceID])
            return ["webhooks": .array(rows.map(WebhookRecord.json))]
        }
    }

    /// Creates a webhook; `{id, name, url, secret (once), events, enabled, message}`.
    func create(_ input: WebhookInput, url: String, identity: Identity, ipAddress: String) async throws -> JSONValue {
        let secret = input.generateSecret ? SecretToken.randomHex(byteCount: 32) : nil
        let subscriptions = input.events ?? ["*"]
        let sealed = secret.map(secrets.seal)
        return try await database.write { db, events in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhooks WHERE workspace_id = ?", arguments: [identity.workspaceID]) ?? 0
            guard count < Self.limit else {
                throw APIError(.badRequest, "A workspace can have at most \(Self.limit) webhooks; delete one first")
            }
            let now = Int64(Date().timeIntervalSince1970)
            try db.execute(
                sql: """
                    INSERT INTO webhooks (name, url, secret, secret_last4, events, created_by, created_at, updated_at, workspace_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    input.name, url, sealed, secret.map { String($0.suffix(4)) },
                    JSONValue.array(subscriptions.map(JSONValue.string)).jsonText,
                    identity.username, now, now, identity.workspaceID,
                ])
            let id = db.lastInsertedRowID
            try AuditLog.append(
                db, events: &events, action: "webhook_created", actor: identity.username, actorID: identity.userID,
                targetType: "webhook", targetID: id, detail: ["name": .string(input.name ?? ""), "url": .string(url)],
                ipAddress: ipAddress, workspaceID: identity.workspaceID)
            return [
                "id": .number(Double(id)), "name": .string(input.name ?? ""), "url": .string(url),
                "secret": secret.map(JSONValue.string) ?? .null, "events": .array(subscriptions.map(JSONValue.string)),
                "enabled": true,
                "message": .string(secret == nil ? "Webhook created" : "Webhook created. Save the secret now: it is not shown again."),
            ]
        }
    }

    /// Applies an update; `{success, secret?, message?}`.
    func update(id: Int64, _ input: WebhookInput, url: String?, identity: Identity, ipAddress: String) async throws -> JSONValue {
        let secret = input.regenerateSecret ? SecretToken.randomHex(byteCount: 32) : nil
        let sealed = secret.map(secrets.seal)
        return try await database.write { db, events in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM webhooks WHERE id = ? AND workspace_id = ?", arguments: [id, identity.workspaceID]) == true else {
                throw APIError(.notFound, "Webhook not found")
            }
            var assignments: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            func set(_ column: String, _ value: (any DatabaseValueConvertible)?) {
                assignments.append("\(column) = ?")
                arguments.append(value)
            }
            if let name = input.name { set("name", name) }
            if let url { set("url", url) }
            if let list = input.events { set("events", JSONValue.array(list.map(JSONValue.string)).jsonText) }
            if let enabled = input.enabled { set("enabled", enabled) }
            if let sealed, let secret {
                set("secret", sealed)
                set("secret_last4", String(secret.suffix(4)))
            }
            if input.resetCircuit {
                set("consecutive_failures", 0)
                set("circuit_state", "closed")
                set("circuit_probe_started_at", nil as Int64?)
                set("circuit_next_probe_at", nil as Int64?)
                set("circuit_reopens", 0)
                set("enabled", true)
            }
            guard !assignments.isEmpty else { throw APIError(.badRequest, "No fields to update") }
            set("updated_at", Int64(Date().timeIntervalSince1970))
            try db.execute(
                sql: "UPDATE webhooks SET \(assignments.joined(separator: ", ")) WHERE id = ?",
                arguments: StatementArguments(arguments + [id]))
            try AuditLog.append(
                db, events: &events, action: input.resetCircuit ? "webhook_circuit_reset" : "webhook_updated",
                actor: identity.username, actorID: identity.userID, targetType: "webhook", targetID: id,
                detail: ["fields": .array(assignments.map { .string(String($0.prefix { $0 != " " })) })],
                ipAddress: ipAddress, workspaceID: identity.workspaceID)
            var answer: [String: JSONValue] = ["success": true]
            if let secret {
                answer["secret"] = .string(secret)
                answer["message"] = "New secret generated. Save it now: it is not shown again."
            } else if input.resetCircuit {
                answer["message"] = "Circuit reset: deliveries resume."
            }
            return .object(answer)
        }
    }

    /// Deletes a webhook and its deliveries; `{success, deleted}`.
    func delete(id: Int64, identity: Identity, ipAddress: String) async throws -> JSONValue {
        try await database.write { db, events in
            guard let name = try String.fetchOne(db, sql: "SELECT name FROM webhooks WHERE id = ? AND workspace_id = ?", arguments: [id, identity.workspaceID]) else {
                throw APIError(.notFound, "Webhook not found")
            }
            try db.execute(sql: "DELETE FROM webhook_deliveries WHERE webhook_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
            try AuditLog.append(
                db, events: &events, action: "webhook_deleted", actor: identity.username, actorID: identity.userID,
                targetType: "webhook", targetID: id, detail: ["name": .string(name)], ipAddress: ipAddress,
                workspaceID: identity.workspaceID)
            return ["success": true, "deleted": .number(Double(db.changesCount))]
        }
    }
}
