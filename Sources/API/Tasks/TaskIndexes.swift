import GRDB
import HTTPTypes

/// Migration `005_tasks`: indexes for the task list, the hot path of the dashboard and of
/// polling agents. Each ends in `(created_at, id)` so a filtered page is read in order from the
/// index (scanned backwards for `created_at DESC, id DESC`) without sorting.
enum TaskIndexes {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX idx_tasks_ws_created_id ON tasks(workspace_id, created_at, id);
                CREATE INDEX idx_tasks_ws_status_created ON tasks(workspace_id, status, created_at, id);
                CREATE INDEX idx_tasks_ws_assignee_created ON tasks(workspace_id, assigned_to, created_at, id);
                CREATE INDEX idx_tasks_ws_project_created ON tasks(workspace_id, project_id, created_at, id);
                CREATE INDEX idx_comments_task_created ON comments(task_id, created_at, id);
                CREATE INDEX idx_task_subscriptions_task ON task_subscriptions(task_id);
                CREATE INDEX idx_project_agent_assignments_project ON project_agent_assignments(project_id);
                """)
    }
}
