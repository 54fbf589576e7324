import GRDB

/// Migration `004_agents`: the original's `token_usage` table (reference §6) for tokens that
/// agents report with their heartbeats, plus an idempotency key the original lacks, and the
/// index the liveness sweep reads.
enum AgentSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE token_usage (
                    id INTEGER PRIMARY KEY,
                    model TEXT NOT NULL,
                    session_id TEXT NOT NULL,
                    input_tokens INTEGER NOT NULL DEFAULT 0,
                    output_tokens INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    task_id INTEGER,
                    cost_usd REAL,
                    agent_name TEXT,
                    idempotency_key TEXT
                );
                CREATE INDEX idx_token_usage_session_id ON token_usage(session_id);
                CREATE INDEX idx_token_usage_created_at ON token_usage(created_at);
                CREATE INDEX idx_token_usage_model ON token_usage(model);
                CREATE INDEX idx_token_usage_workspace_id ON token_usage(workspace_id);
                CREATE INDEX idx_token_usage_task_id ON token_usage(task_id);
                CREATE INDEX idx_token_usage_workspace_task_time ON token_usage(workspace_id, task_id, created_at);
                -- A retried heartbeat carrying the same key records its tokens once.
                CREATE UNIQUE INDEX idx_token_usage_idempotency ON token_usage(workspace_id, idempotency_key)
                    WHERE idempotency_key IS NOT NULL;
                -- The liveness sweep looks for agents that are not offline and not seen lately.
                CREATE INDEX idx_agents_status_last_seen ON agents(status, last_seen);
                """)
    }
}
