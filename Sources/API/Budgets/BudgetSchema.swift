import GRDB

/// Migration `013_budgets`: spending caps per agent or per workspace, and the thresholds
/// already announced (issue 6). `budget_alerts` is UNIQUE per (budget, period, threshold), so
/// each of 80/90/100 % fires once per period whatever the number of writers.
enum BudgetSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE budgets (
                    id INTEGER PRIMARY KEY,
                    scope TEXT NOT NULL CHECK (scope IN ('agent', 'workspace')),
                    agent_name TEXT NOT NULL DEFAULT '',
                    period TEXT NOT NULL CHECK (period IN ('daily', 'monthly')),
                    limit_micros INTEGER NOT NULL CHECK (limit_micros > 0 AND limit_micros <= 1000000000000),
                    created_by TEXT,
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    UNIQUE (workspace_id, scope, agent_name, period)
                );
                CREATE TABLE budget_alerts (
                    id INTEGER PRIMARY KEY,
                    budget_id INTEGER NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,
                    period_key TEXT NOT NULL,
                    threshold INTEGER NOT NULL CHECK (threshold IN (80, 90, 100)),
                    spent_micros INTEGER NOT NULL,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    UNIQUE (budget_id, period_key, threshold)
                );
                CREATE INDEX idx_usage_ledger_agent_time ON usage_ledger(workspace_id, agent_name, timestamp_ms);
                """)
    }
}
