import Foundation
import GRDB
import MCShared
import MCWebhooks

/// The deliverer's side of the outbox, over IPC (DESIGN §3): `webhooks.lease` hands out due
/// deliveries for a while, `webhooks.report` records each attempt. A lease that runs out makes
/// its delivery due again, so a deliverer killed at any moment loses nothing; a report for a
/// lease that is no longer current is ignored (the delivery went to someone else).
///
/// Retries follow `WebhookRetrySchedule`; each webhook's `WebhookCircuitBreaker` decides what
/// may go out. Manual deliveries (test, retry by hand) are not retried and do not count towards
/// the breaker, as in the original.
struct WebhookLeases: Sendable {
    /// Defaults and bounds of a lease request.
    static let defaultLimit = 16
    static let maximumLimit = 200
    static let defaultPerWebhook = 4
    static let maximumPerWebhook = 32
    static let defaultLeaseSeconds: Int64 = 30
    static let leaseSecondsRange: ClosedRange<Int64> = 5...600
    /// Longest response body and error kept per attempt.
    static let keptTextLength = 1000
    /// Finished deliveries kept per webhook: `MC_WEBHOOK_HISTORY`, default 200.
    static let defaultHistory = 200
    static let historyRange = 10...100_000

    let database: EventedDatabase
    let secrets: SecretBox
    let schedule: WebhookRetrySchedule
    let breakerPolicy: WebhookCircuitBreakerPolicy
    let waiters: WebhookResultWaiters
    /// Finished deliveries kept per webhook.
    var history = WebhookLeases.defaultHistory

    /// `{deliveries:[{delivery_id, lease, webhook_id, url, secret, event_type, data, delivery_uid,
    /// attempt, probe}], next_due_at}`.
    func lease(limit: Int, perWebhook: Int, leaseSeconds: Int64, now: Int64 = Int64(Date().timeIntervalSince1970))
        async throws -> JSONValue
    {
        let secrets = self.secrets
        let policy = breakerPolicy
        return try await database.write { db, _ in
            let candidates = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.webhook_id, d.event_type, d.payload, d.delivery_uid, d.attempt
                    FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.enabled = 1
                    WHERE d.status IN ('pending', 'failed', 'leased') AND d.next_attempt_at <= ?
                    ORDER BY d.next_attempt_at, d.id LIMIT ?
                    """,
                arguments: [now, limit * 4])
            var inFlight: [Int64: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT webhook_id, COUNT(*) AS n FROM webhook_deliveries WHERE status = 'leased' AND lease_expires_at > ? GROUP BY webhook_id",
                arguments: [now])
            {
                inFlight[row["webhook_id"]] = row["n"]
            }
            var webhooks: [Int64: (url: String, secret: String?, breaker: WebhookCircuitBreaker, changed: Bool)] = [:]
            var leased: [JSONValue] = []
            for candidate in candidates where leased.count < limit {
                let webhookID: Int64 = candidate["webhook_id"]
                if webhooks[webhookID] == nil {
                    guard let row = try Row.fetchOne(
                        db, sql: "SELECT url, secret, \(WebhookBreakerRow.columns) FROM webhooks WHERE id = ?", arguments: [webhookID])
                    else { continue }
                    let secret = try (row["secret"] as String?).map { try secrets.openString($0) }
                    webhooks[webhookID] = (row["url"], secret, WebhookBreakerRow.load(row, policy: policy), false)
                }
                guard var webhook = webhooks[webhookID], inFlight[webhookID, default: 0] < perWebhook else { continue }
                let deliveryID: Int64 = candidate["id"]
                let admission = webhook.breaker.admit(now: now)
                let probe: Bool
                switch admission {
                case .deliver: probe = false
                case .probe:
                    probe = true
                    webhook.changed = true
                case .refuse(let retryAt):
                    // Not before the breaker allows it: the deliverer's clock need not spin.
                    try db.execute(
                        sql: "UPDATE webhook_deliveries SET next_attempt_at = ?, status = CASE status WHEN 'leased' THEN 'pending' ELSE status END WHERE id = ?",
                        arguments: [retryAt, deliveryID])
                    webhooks[webhookID] = webhook
                    continue
                }
                let token = (probe ? "p_" : "l_") + SecretToken.randomHex(byteCount: 12)
                let expires = now + leaseSeconds
                try db.execute(
                    sql: """
                        UPDATE webhook_deliveries SET status = 'leased', lease_token = ?, lease_expires_at = ?, next_attempt_at = ?,
                                                      updated_at = ? WHERE id = ?
                        """,
                    arguments: [token, expires, expires, now, deliveryID])
                inFlight[webhookID, default: 0] += 1
                webhooks[webhookID] = webhook
                leased.append([
                    "delivery_id": .number(Double(deliveryID)), "lease": .string(token),
                    "webhook_id": .number(Double(webhookID)), "url": .string(webhook.url),
                    "secret": webhook.secret.map(JSONValue.string) ?? .null, "event_type": .string(candidate["event_type"]),
                    "data": (try? JSONValue.parse(candidate["payload"] as String)) ?? .null,
                    "delivery_uid": .string(candidate["delivery_uid"]), "attempt": .number(Double(candidate["attempt"] as Int)),
                    "probe": .bool(probe),
                ])
            }
            for (id, webhook) in webhooks where webhook.changed {
                try WebhookBreakerRow.save(webhook.breaker, webhookID: id, db)
            }
            let nextDue = try Int64.fetchOne(
                db,
                sql: """
                    SELECT MIN(d.next_attempt_at) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.enabled = 1
                    WHERE d.status IN ('pending', 'failed', 'leased')
                    """)
            return ["deliveries": .array(leased), "next_due_at": nextDue.map { .number(Double($0)) } ?? .null]
        }
    }

    /// One attempt's outcome.
    struct Outcome: Sendable {
        var deliveryID: Int64
        var lease: String
        var statusCode: Int?
        var error: String?
        var durationMs: Int64
        var responseBody: String?
        var succeeded: Bool { error == nil && (200...299).contains(statusCode ?? 0) }
    }

    /// Records an attempt; `{accepted, status, next_attempt_at}`.
    func report(_ outcome: Outcome, now: Int64 = Int64(Date().timeIntervalSince1970), random: Double = .random(in: 0..<1))
        async throws -> JSONValue
    {
        let schedule = self.schedule
        let policy = breakerPolicy
        let result: (answer: JSONValue, notify: JSONValue?) = try await database.write { db, _ in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT d.status, d.lease_token, d.attempt, d.automatic, d.webhook_id, w.\(WebhookBreakerRow.columns.replacingOccurrences(of: ", ", with: ", w."))
                    FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?
                    """,
                arguments: [outcome.deliveryID])
            else { return (["accepted": false, "reason": "unknown delivery"], nil) }
            guard row["status"] as String == "leased", row["lease_token"] as String? == outcome.lease else {
                return (["accepted": false, "reason": "the lease is no longer current"], nil)
            }
            let webhookID: Int64 = row["webhook_id"]
            let attempt: Int = row["attempt"]
            let automatic: Bool = row["automatic"]
            var breaker = WebhookBreakerRow.load(row, policy: policy)
            let status: String
            var nextAttempt: Int64?
            if outcome.succeeded {
                status = "succeeded"
                breaker.recordSuccess()
            } else if automatic {
                breaker.recordFailure(now: now, probe: outcome.lease.hasPrefix("p_"))
                nextAttempt = schedule.nextRetry(afterFailedAttempt: attempt, now: now, random: random)
                status = nextAttempt == nil ? "dead" : "failed"
            } else {
                status = "dead"
            }
            try db.execute(
                sql: """
                    UPDATE webhook_deliveries SET status = ?, status_code = ?, error = ?, response_body = ?, duration_ms = ?,
                        attempt = ?, is_retry = ?, next_attempt_at = ?, next_retry_at = ?, lease_token = NULL,
                        lease_expires_at = NULL, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    status, outcome.statusCode, outcome.error.map(Self.kept), outcome.responseBody.map(Self.kept),
                    outcome.durationMs, nextAttempt == nil ? attempt : attempt + 1, (nextAttempt == nil ? attempt : attempt + 1) > 0,
                    nextAttempt, nextAttempt, now, outcome.deliveryID,
                ])
            try db.execute(
                sql: "UPDATE webhooks SET last_fired_at = ?, last_status = ? WHERE id = ?",
                arguments: [now, outcome.statusCode ?? -1, webhookID])
            if automatic || outcome.succeeded { try WebhookBreakerRow.save(breaker, webhookID: webhookID, db) }
            // Amortised pruning: the history keeps the newest finished deliveries per webhook.
            if outcome.deliveryID % 32 == 0 { try Self.prune(db, webhookID: webhookID, keep: history) }
            let answer: JSONValue = [
                "accepted": true, "status": .string(status),
                "next_attempt_at": nextAttempt.map { .number(Double($0)) } ?? .null,
            ]
            let notify: JSONValue = [
                "success": .bool(outcome.succeeded), "status_code": outcome.statusCode.map { .number(Double($0)) } ?? .null,
                "response_body": outcome.responseBody.map { .string(Self.kept($0)) } ?? .null,
                "error": outcome.error.map(JSONValue.string) ?? .null, "duration_ms": .number(Double(outcome.durationMs)),
                "delivery_id": .number(Double(outcome.deliveryID)),
            ]
            return (answer, notify)
        }
        if let notify = result.notify { waiters.resolve(outcome.deliveryID, with: notify) }
        return result.answer
    }

    /// At most `keptTextLength` characters, with `...` when cut (the original's rule).
    static func kept(_ text: String) -> String {
        text.count > keptTextLength ? String(text.prefix(keptTextLength)) + "..." : text
    }

    /// Deletes finished deliveries beyond the newest `keep` of a webhook.
    static func prune(_ db: Database, webhookID: Int64, keep: Int) throws {
        try db.execute(
            sql: """
                DELETE FROM webhook_deliveries WHERE webhook_id = ? AND status IN ('succeeded', 'dead') AND id <= (
                    SELECT id FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)
                """,
            arguments: [webhookID, webhookID, keep])
    }
}
