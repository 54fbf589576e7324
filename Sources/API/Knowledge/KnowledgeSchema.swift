import GRDB

/// Migration `009_agent_evals`: the original's evaluation tables (reference §6, its migration
/// 038) and a timestamp for working memory, which the memory route needs to decide whether an
/// agent's workspace file or the database copy is newer (`agents.updated_at` moves with every
/// heartbeat, so it cannot say when the memory itself changed).
enum KnowledgeSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE eval_runs (
                    id INTEGER PRIMARY KEY,
                    agent_name TEXT NOT NULL,
                    eval_layer TEXT NOT NULL,
                    score REAL,
                    passed INTEGER,
                    detail TEXT,
                    golden_dataset_id INTEGER,
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch())
                );
                -- The latest run per layer of one agent.
                CREATE INDEX idx_eval_runs_agent_layer ON eval_runs(workspace_id, agent_name, eval_layer, created_at);

                CREATE TABLE eval_golden_sets (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    description TEXT,
                    entries TEXT NOT NULL DEFAULT '[]',
                    created_by TEXT,
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    UNIQUE (name, workspace_id)
                );

                CREATE TABLE eval_traces (
                    id INTEGER PRIMARY KEY,
                    agent_name TEXT NOT NULL,
                    task_id INTEGER,
                    trace TEXT,
                    convergence_score REAL,
                    total_steps INTEGER,
                    optimal_steps INTEGER,
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch())
                );
                CREATE INDEX idx_eval_traces_agent_created ON eval_traces(workspace_id, agent_name, created_at);

                ALTER TABLE agents ADD COLUMN working_memory_updated_at INTEGER;
                """)
    }
}
