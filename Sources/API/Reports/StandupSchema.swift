import GRDB

/// Migration `007_standup`: the original's `standup_reports` table (reference §6), keyed on
/// `(workspace_id, date)` instead of `date` alone, so a report generated in one workspace never
/// replaces another workspace's report for the same day (quirk 5).
enum StandupSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE standup_reports (
                    date TEXT NOT NULL,
                    report TEXT NOT NULL,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    PRIMARY KEY (workspace_id, date)
                );
                -- The history page reads one workspace newest first.
                CREATE INDEX idx_standup_reports_workspace_created ON standup_reports(workspace_id, created_at DESC);
                """)
    }
}
