import GRDB

/// Webhooks and their delivery outbox (reference mc-background §1.1, with the outbox and
/// breaker columns this implementation adds).
///
/// A `webhook_deliveries` row is one event for one webhook, written in the transaction that
/// wrote the event (the outbox). It lives through its attempts: `status` goes
/// pending → leased → succeeded | failed (retry due at `next_attempt_at`) | dead (gave up), and
/// `delivery_uid` — the Standard Webhooks `webhook-id` — stays the same on every attempt.
enum WebhookSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE webhooks (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    url TEXT NOT NULL,
                    secret TEXT,
                    secret_last4 TEXT,
                    events TEXT NOT NULL DEFAULT '["*"]',
                    enabled INTEGER NOT NULL DEFAULT 1,
                    last_fired_at INTEGER,
                    last_status INTEGER,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    circuit_state TEXT NOT NULL DEFAULT 'closed' CHECK (circuit_state IN ('closed', 'open', 'half_open')),
                    circuit_probe_started_at INTEGER,
                    circuit_next_probe_at INTEGER,
                    circuit_reopens INTEGER NOT NULL DEFAULT 0,
                    created_by TEXT,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    workspace_id INTEGER NOT NULL DEFAULT 1 REFERENCES workspaces(id)
                );
                CREATE INDEX idx_webhooks_workspace ON webhooks(workspace_id, enabled);

                CREATE TABLE webhook_deliveries (
                    id INTEGER PRIMARY KEY,
                    webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                    event_id INTEGER,
                    event_type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    delivery_uid TEXT NOT NULL UNIQUE,
                    status TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'leased', 'succeeded', 'failed', 'dead')),
                    status_code INTEGER,
                    response_body TEXT,
                    error TEXT,
                    duration_ms INTEGER,
                    attempt INTEGER NOT NULL DEFAULT 0,
                    is_retry INTEGER NOT NULL DEFAULT 0,
                    parent_delivery_id INTEGER,
                    automatic INTEGER NOT NULL DEFAULT 1,
                    next_attempt_at INTEGER,
                    next_retry_at INTEGER,
                    lease_token TEXT,
                    lease_expires_at INTEGER,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    workspace_id INTEGER NOT NULL DEFAULT 1
                );
                CREATE INDEX idx_webhook_deliveries_webhook ON webhook_deliveries(webhook_id, created_at DESC);
                CREATE INDEX idx_webhook_deliveries_due ON webhook_deliveries(next_attempt_at)
                    WHERE status IN ('pending', 'leased', 'failed');
                """)
    }
}
