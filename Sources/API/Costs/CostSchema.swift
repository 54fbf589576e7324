import GRDB

/// Migration `012_costs`: the usage ledger, the scanner's stored file offsets and the admins'
/// price overrides (issue 6).
///
/// `usage_ledger` holds one row per de-duplicated API response, whatever reported it: the
/// transcript scanner (`source = 'transcript'`) or an agent (`'report'`, from `POST /api/tokens`
/// and heartbeats). Rows are never deleted when transcripts disappear. `storage_key` is the
/// transcript `UsageKey` (`m:<message>|<request>`, `u:<uuid>`) or `r:<idempotency key>` for
/// reports; NULL rows (unkeyed lines, reports without a key) are never merged. `message_id`,
/// `request_id` and `sidechain` let a later batch apply `UsageCopyRule` to stored rows.
/// Costs are integers in micro-dollars, NULL when the model is unknown (never a silent 0).
enum CostSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE usage_ledger (
                    id INTEGER PRIMARY KEY,
                    storage_key TEXT UNIQUE,
                    source TEXT NOT NULL CHECK (source IN ('transcript', 'report')),
                    session_id TEXT,
                    project_slug TEXT,
                    cwd TEXT,
                    git_branch TEXT,
                    agent_name TEXT,
                    subagent_id TEXT,
                    task_id INTEGER,
                    message_id TEXT,
                    request_id TEXT,
                    sidechain INTEGER NOT NULL DEFAULT 0,
                    speed TEXT,
                    model TEXT,
                    normalized_model TEXT,
                    timestamp_ms INTEGER NOT NULL,
                    input_tokens INTEGER NOT NULL DEFAULT 0,
                    output_tokens INTEGER NOT NULL DEFAULT 0,
                    cache_write_5m_tokens INTEGER NOT NULL DEFAULT 0,
                    cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0,
                    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
                    cost_micros INTEGER,
                    flags TEXT NOT NULL DEFAULT '[]',
                    operation TEXT,
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
                );
                CREATE INDEX idx_usage_ledger_time ON usage_ledger(workspace_id, timestamp_ms);
                CREATE INDEX idx_usage_ledger_session ON usage_ledger(session_id, timestamp_ms);
                CREATE INDEX idx_usage_ledger_message ON usage_ledger(message_id) WHERE message_id IS NOT NULL;

                CREATE TABLE transcript_files (
                    path TEXT PRIMARY KEY,
                    device INTEGER NOT NULL,
                    inode INTEGER NOT NULL,
                    size INTEGER NOT NULL,
                    offset INTEGER NOT NULL,
                    session_id TEXT,
                    project TEXT,
                    agent_id TEXT,
                    kind TEXT,
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    deleted_at INTEGER
                );
                CREATE INDEX idx_transcript_files_session ON transcript_files(session_id);

                CREATE TABLE pricing_overrides (
                    model TEXT PRIMARY KEY,
                    price TEXT NOT NULL,
                    updated_by TEXT,
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
                );

                -- Reports recorded before the ledger existed land in it once, with the cost they
                -- were stored with (NULL, shown as unpriced, when they had none).
                INSERT INTO usage_ledger (storage_key, source, session_id, agent_name, task_id, model, normalized_model,
                                          timestamp_ms, input_tokens, output_tokens, cost_micros, flags, operation, workspace_id)
                SELECT CASE WHEN idempotency_key IS NULL THEN NULL
                            ELSE 'r:' || workspace_id || ':' || idempotency_key END,
                       'report', session_id, agent_name, task_id, model, model, created_at * 1000,
                       input_tokens, output_tokens, CAST(round(cost_usd * 1000000) AS INTEGER),
                       CASE WHEN cost_usd IS NULL THEN '["unknown_model"]' ELSE '[]' END, 'heartbeat', workspace_id
                FROM token_usage;
                """)
    }
}
