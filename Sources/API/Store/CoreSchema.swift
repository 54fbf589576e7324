import GRDB

/// The original's core tables (reference mc-api.md §6), with the same names, columns and
/// defaults so that its clients and exported data line up. Timestamps are unix seconds.
enum CoreSchema {
    /// Tenants, workspaces, users, sessions, keys, settings, audit and security events.
    static func identity(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE tenants (
                    id INTEGER PRIMARY KEY,
                    slug TEXT NOT NULL UNIQUE,
                    display_name TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'active',
                    config TEXT NOT NULL DEFAULT '{}',
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
                );
                INSERT INTO tenants (id, slug, display_name) VALUES (1, 'default', 'Local Owner');

                CREATE TABLE workspaces (
                    id INTEGER PRIMARY KEY,
                    slug TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    brand TEXT,
                    isolation TEXT NOT NULL DEFAULT 'shared' CHECK (isolation IN ('shared', 'strict')),
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
                );
                CREATE INDEX idx_workspaces_tenant ON workspaces(tenant_id);
                INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (1, 'default', 'Default Workspace', 1);

                CREATE TABLE users (
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE,
                    display_name TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL DEFAULT 'operator' CHECK (role IN ('viewer', 'operator', 'admin')),
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    last_login_at INTEGER,
                    provider TEXT NOT NULL DEFAULT 'local',
                    provider_user_id TEXT,
                    email TEXT,
                    avatar_url TEXT,
                    is_approved INTEGER NOT NULL DEFAULT 1,
                    approved_by TEXT,
                    approved_at INTEGER,
                    workspace_id INTEGER NOT NULL DEFAULT 1 REFERENCES workspaces(id)
                );
                CREATE INDEX idx_users_workspace ON users(workspace_id);

                CREATE TABLE user_sessions (
                    id INTEGER PRIMARY KEY,
                    token TEXT NOT NULL UNIQUE,
                    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    expires_at INTEGER NOT NULL,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    ip_address TEXT,
                    user_agent TEXT,
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    tenant_id INTEGER
                );
                CREATE INDEX idx_user_sessions_user ON user_sessions(user_id);
                CREATE INDEX idx_user_sessions_expires ON user_sessions(expires_at);

                CREATE TABLE settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    description TEXT,
                    category TEXT NOT NULL DEFAULT 'general',
                    updated_by TEXT,
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch())
                );

                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY,
                    action TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    actor_id INTEGER,
                    target_type TEXT,
                    target_id INTEGER,
                    detail TEXT,
                    ip_address TEXT,
                    user_agent TEXT,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    workspace_id INTEGER NOT NULL DEFAULT 1
                );
                CREATE INDEX idx_audit_log_action ON audit_log(action);
                CREATE INDEX idx_audit_log_workspace_created ON audit_log(workspace_id, created_at DESC);

                CREATE TABLE security_events (
                    id INTEGER PRIMARY KEY,
                    event_type TEXT NOT NULL,
                    severity TEXT NOT NULL DEFAULT 'info',
                    source TEXT,
                    agent_name TEXT,
                    detail TEXT,
                    ip_address TEXT,
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    tenant_id INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch())
                );
                CREATE INDEX idx_security_events_type ON security_events(event_type, created_at);
                """)
    }

    /// Agents and their keys, projects, tasks, comments, reviews, activities, notifications
    /// and messages.
    static func work(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE agents (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    session_key TEXT UNIQUE,
                    soul_content TEXT,
                    status TEXT NOT NULL DEFAULT 'offline',
                    last_seen INTEGER,
                    last_activity TEXT,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    config TEXT,
                    workspace_id INTEGER NOT NULL DEFAULT 1 REFERENCES workspaces(id),
                    source TEXT DEFAULT 'manual',
                    hidden INTEGER NOT NULL DEFAULT 0,
                    working_memory TEXT DEFAULT '',
                    runtime_type TEXT,
                    UNIQUE (name, workspace_id)
                );
                CREATE INDEX idx_agents_workspace ON agents(workspace_id);
                CREATE INDEX idx_agents_status ON agents(status);

                CREATE TABLE agent_api_keys (
                    id INTEGER PRIMARY KEY,
                    agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
                    workspace_id INTEGER NOT NULL DEFAULT 1,
                    name TEXT NOT NULL,
                    key_hash TEXT NOT NULL,
                    key_prefix TEXT NOT NULL,
                    scopes TEXT NOT NULL DEFAULT '[]',
                    expires_at INTEGER,
                    revoked_at INTEGER,
                    last_used_at INTEGER,
                    created_by TEXT,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    UNIQUE (workspace_id, key_hash)
                );
                CREATE INDEX idx_agent_api_keys_agent ON agent_api_keys(agent_id);
                CREATE UNIQUE INDEX idx_agent_api_keys_hash ON agent_api_keys(key_hash);

                CREATE TABLE projects (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL DEFAULT 1 REFERENCES workspaces(id),
                    name TEXT NOT NULL,
                    slug TEXT NOT NULL,
                    description TEXT,
                    ticket_prefix TEXT NOT NULL,
                    ticket_counter INTEGER NOT NULL DEFAULT 0,
                    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    github_repo TEXT,
                    deadline INTEGER,
                    color TEXT,
                    metadata TEXT,
                    github_sync_enabled INTEGER NOT NULL DEFAULT 0,
                    github_labels_initialized INTEGER NOT NULL DEFAULT 0,
                    github_default_branch TEXT DEFAULT 'main',
                    UNIQUE (workspace_id, slug),
                    UNIQUE (workspace_id, ticket_prefix)
                );
                CREATE INDEX idx_projects_workspace_status ON projects(workspace_id, status);
                INSERT INTO projects (workspace_id, name, slug, description, ticket_prefix)
                    VALUES (1, 'General', 'general', 'Default project for uncategorized tasks', 'TASK');

                CREATE TABLE project_agent_assignments (
                    id INTEGER PRIMARY KEY,
                    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
                    agent_name TEXT NOT NULL,
                    role TEXT DEFAULT 'member',
                    assigned_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    UNIQUE (project_id, agent_name)
                );

                CREATE TABLE tasks (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    title TEXT NOT NULL,
                    description TEXT,
                    status TEXT NOT NULL DEFAULT 'inbox',
                    priority TEXT NOT NULL DEFAULT 'medium',
                    assigned_to TEXT,
                    created_by TEXT NOT NULL DEFAULT 'system',
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    due_date INTEGER,
                    estimated_hours REAL,
                    actual_hours REAL,
                    tags TEXT,
                    metadata TEXT,
                    workspace_id INTEGER NOT NULL DEFAULT 1 REFERENCES workspaces(id),
                    project_id INTEGER REFERENCES projects(id),
                    project_ticket_no INTEGER,
                    outcome TEXT,
                    error_message TEXT,
                    resolution TEXT,
                    feedback_rating INTEGER,
                    feedback_notes TEXT,
                    retry_count INTEGER NOT NULL DEFAULT 0,
                    completed_at INTEGER
                );
                CREATE INDEX idx_tasks_workspace_created ON tasks(workspace_id, created_at DESC);
                CREATE INDEX idx_tasks_workspace_status ON tasks(workspace_id, status);
                CREATE INDEX idx_tasks_assigned_to ON tasks(assigned_to);
                CREATE INDEX idx_tasks_workspace_project ON tasks(workspace_id, project_id);

                CREATE TABLE comments (
                    id INTEGER PRIMARY KEY,
                    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
                    author TEXT NOT NULL,
                    content TEXT NOT NULL,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    parent_id INTEGER REFERENCES comments(id) ON DELETE SET NULL,
                    mentions TEXT,
                    workspace_id INTEGER NOT NULL DEFAULT 1
                );
                CREATE INDEX idx_comments_task ON comments(task_id);

                CREATE TABLE task_subscriptions (
                    id INTEGER PRIMARY KEY,
                    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
                    agent_name TEXT NOT NULL,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    UNIQUE (task_id, agent_name)
                );

                CREATE TABLE quality_reviews (
                    id INTEGER PRIMARY KEY,
                    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
                    reviewer TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('approved', 'rejected')),
                    notes TEXT,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    workspace_id INTEGER NOT NULL DEFAULT 1
                );
                CREATE INDEX idx_quality_reviews_task ON quality_reviews(task_id, id);

                CREATE TABLE activities (
                    id INTEGER PRIMARY KEY,
                    type TEXT NOT NULL,
                    entity_type TEXT NOT NULL,
                    entity_id INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    description TEXT NOT NULL,
                    data TEXT,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    workspace_id INTEGER NOT NULL DEFAULT 1
                );
                CREATE INDEX idx_activities_workspace_created ON activities(workspace_id, created_at DESC);
                CREATE INDEX idx_activities_entity ON activities(entity_type, entity_id);

                CREATE TABLE notifications (
                    id INTEGER PRIMARY KEY,
                    recipient TEXT NOT NULL,
                    type TEXT NOT NULL,
                    title TEXT NOT NULL,
                    message TEXT NOT NULL,
                    source_type TEXT,
                    source_id INTEGER,
                    read_at INTEGER,
                    delivered_at INTEGER,
                    created_at INTEGER NOT NULL DEFAULT (unixepoch()),
                    workspace_id INTEGER NOT NULL DEFAULT 1
                );
                CREATE INDEX idx_notifications_recipient ON notifications(workspace_id, recipient, read_at);

                CREATE TABLE messages (
                    id INTEGER PRIMARY KEY,
                    conversation_id TEXT NOT NULL,
                    from_agent TEXT NOT NULL,
                    to_agent TEXT,
                    content TEXT NOT NULL,
                    message_type TEXT DEFAULT 'text',
                    metadata TEXT,
                    read_at INTEGER,
                    created_at INTEGER DEFAULT (unixepoch()),
                    workspace_id INTEGER NOT NULL DEFAULT 1
                );
                CREATE INDEX idx_messages_conversation ON messages(conversation_id, created_at);
                """)
    }
}
