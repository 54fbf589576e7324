import GRDB

/// Migration `006_search`: full-text indexes for `/api/search` over tasks (title, description),
/// comments (content) and agents (name, role, soul_content).
///
/// The indexes are FTS5 *external-content* tables: they store only the inverted index and read
/// the text back from the base table (`content=`), so no text is stored twice and the database
/// grows by the index alone. The price is that the index must be told about every change with
/// exactly the old values — which the AFTER INSERT/UPDATE/DELETE triggers below do inside the
/// same statement, so the index can never lag a committed change, whichever code path writes
/// the row (routes, workers, cascading deletes of comments all fire them). `rebuild` indexes the
/// rows that existed before the migration.
///
/// Two things would desynchronise an index, so writers avoid them: `INSERT OR REPLACE` on these
/// tables (its implicit delete fires no trigger unless `recursive_triggers` is on — UPSERT with
/// `ON CONFLICT DO UPDATE` is fine), and a later migration that rebuilds one of the tables by
/// copy-and-rename (that drops the triggers; such a migration must recreate them and `rebuild`).
///
/// `unicode61 remove_diacritics 2` folds case and accents, so "cafe" finds "Café".
enum SearchSchema {
    static func migrate(_ db: Database) throws {
        try index(db, table: "tasks", columns: ["title", "description"])
        try index(db, table: "comments", columns: ["content"])
        try index(db, table: "agents", columns: ["name", "role", "soul_content"])
    }

    /// The FTS table of `table` is `<table>_fts`, keyed by the base table's integer id.
    private static func index(_ db: Database, table: String, columns: [String]) throws {
        let fts = "\(table)_fts"
        let list = columns.joined(separator: ", ")
        let new = columns.map { "new.\($0)" }.joined(separator: ", ")
        let old = columns.map { "old.\($0)" }.joined(separator: ", ")
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE \(fts) USING fts5(\(list), content='\(table)', content_rowid='id',
                                                      tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER \(fts)_after_insert AFTER INSERT ON \(table) BEGIN
                    INSERT INTO \(fts)(rowid, \(list)) VALUES (new.id, \(new));
                END;
                CREATE TRIGGER \(fts)_after_delete AFTER DELETE ON \(table) BEGIN
                    INSERT INTO \(fts)(\(fts), rowid, \(list)) VALUES ('delete', old.id, \(old));
                END;
                CREATE TRIGGER \(fts)_after_update AFTER UPDATE OF \(list) ON \(table) BEGIN
                    INSERT INTO \(fts)(\(fts), rowid, \(list)) VALUES ('delete', old.id, \(old));
                    INSERT INTO \(fts)(rowid, \(list)) VALUES (new.id, \(new));
                END;
                INSERT INTO \(fts)(\(fts)) VALUES ('rebuild');
                """)
    }
}
