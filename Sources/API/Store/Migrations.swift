import GRDB

/// Named, append-only schema migrations (DESIGN §5). Never edit a shipped migration: add one.
enum Migrations {
    /// Every migration in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("001_events") { db in
            // The event log: every visible change writes its row here in the same transaction,
            // and SSE ids, Last-Event-ID resume and the webhook outbox all key on `id`.
            try db.create(table: "events") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("type", .text).notNull()
                table.column("workspace_id", .integer).notNull().defaults(to: 1)
                table.column("payload", .text).notNull().defaults(to: "{}")
                table.column("created_at", .integer).notNull().defaults(sql: "(unixepoch())")
            }
            try db.create(index: "idx_events_type", on: "events", columns: ["type"])
        }
        migrator.registerMigration("002_identity", migrate: CoreSchema.identity)
        migrator.registerMigration("003_work", migrate: CoreSchema.work)
        migrator.registerMigration("004_agents", migrate: AgentSchema.migrate)
        migrator.registerMigration("005_tasks", migrate: TaskIndexes.migrate)
        migrator.registerMigration("006_search", migrate: SearchSchema.migrate)
        migrator.registerMigration("007_standup", migrate: StandupSchema.migrate)
        migrator.registerMigration("008_integrations", migrate: IntegrationSchema.migrate)
        migrator.registerMigration("009_agent_evals", migrate: KnowledgeSchema.migrate)
        migrator.registerMigration("010_local_agents", migrate: LocalAgentSchema.migrate)
        migrator.registerMigration("011_webhooks", migrate: WebhookSchema.migrate)
        migrator.registerMigration("012_costs", migrate: CostSchema.migrate)
        migrator.registerMigration("013_budgets", migrate: BudgetSchema.migrate)
        return migrator
    }
}
