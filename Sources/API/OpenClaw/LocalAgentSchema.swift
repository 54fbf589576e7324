import GRDB

/// Columns the local agent sync keeps per agent: the content hash of its definition and where
/// it was read from (reference §6 `agents.content_hash`, `agents.workspace_path`).
enum LocalAgentSchema {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE agents ADD COLUMN content_hash TEXT;
                ALTER TABLE agents ADD COLUMN workspace_path TEXT;
                """)
    }
}
