import GRDB
import MCShared

/// Opens the one database `mc-api` owns (DESIGN §1 rule 1: the only SQLite writer).
enum DatabaseFactory {
    /// Opens `path` as a WAL `DatabasePool` with the settings of DESIGN §5 and runs every
    /// pending migration before returning, so nothing is served from an old schema.
    static func open(path: String) throws -> DatabasePool {
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        configuration.maximumReaderCount = 8
        configuration.prepareDatabase { db in
            // NORMAL is durable across application crashes in WAL mode and much faster than FULL.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Migrations.migrator.migrate(pool)
        return pool
    }
}
