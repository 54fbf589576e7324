import CSQLite

/// Facts about the system SQLite library the process is linked against.
enum SQLiteLibrary {
    /// The library's version, e.g. `3.40.1`.
    static var version: String { String(cString: sqlite3_libversion()) }
}
