import GRDB

@testable import MCAPI

/// Database reads for the integration tests.
enum IntegrationFixtures {
    /// The first row of `sql` as text per column (`NULL` for null; empty when no row), so tests
    /// can compare columns of any type with string literals.
    static func row(_ app: TestApplication, _ sql: String, _ arguments: StatementArguments = []) async throws
        -> [String: String]
    {
        try await app.dependencies.database.read { db in
            guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return [:] }
            var values: [String: String] = [:]
            for (column, value) in row {
                switch value.storage {
                case .null: values[column] = "NULL"
                case .int64(let number): values[column] = String(number)
                case .double(let number): values[column] = String(number)
                case .string(let text): values[column] = text
                case .blob(let data): values[column] = "<\(data.count) bytes>"
                }
            }
            return values
        }
    }
}
