import GRDB

/// Migration `008_integrations`: Google access requests and the task columns of the GitHub
/// branch/PR workflow (reference §6 `access_requests`, `tasks.github_*`).
///
/// The original also created `access_requests` lazily from its GET route, without the foreign
/// key (quirk 25); here the migration owns it, with the key, and nothing creates it on demand.
enum IntegrationSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE access_requests (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    provider TEXT NOT NULL DEFAULT 'google',
                    email TEXT NOT NULL,
                    provider_user_id TEXT,
                    display_name TEXT,
                    avatar_url TEXT,
                    status TEXT NOT NULL DEFAULT 'pending',
                    requested_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    last_attempt_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    attempt_count INTEGER NOT NULL DEFAULT 1,
                    reviewed_by TEXT,
                    reviewed_at INTEGER,
                    review_note TEXT,
                    approved_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL
                );
                CREATE UNIQUE INDEX idx_access_requests_email_provider ON access_requests(email, provider);
                CREATE INDEX idx_access_requests_status ON access_requests(status);

                -- Google sign-in looks users up by provider and subject or e-mail.
                CREATE INDEX idx_users_provider ON users(provider, provider_user_id);
                CREATE INDEX idx_users_email ON users(lower(email));

                ALTER TABLE tasks ADD COLUMN github_branch TEXT;
                ALTER TABLE tasks ADD COLUMN github_pr_number INTEGER;
                ALTER TABLE tasks ADD COLUMN github_pr_state TEXT;
                ALTER TABLE tasks ADD COLUMN github_pr_url TEXT;
                """)
    }
}
