import Foundation
import GRDB
import MCShared

@testable import MCAPI

/// Helpers for the budget suites: budgets straight in the database and priced reports at an
/// injected instant (`claude-sonnet-4-6` output costs 15 µ$ a token).
enum BudgetTestSupport {
    /// 2026-03-15 12:00:00 UTC.
    static let noon: Int64 = 1_773_576_000_000
    static let day: Int64 = 86_400_000

    /// Inserts a budget; returns its id.
    @discardableResult
    static func budget(
        _ database: EventedDatabase, scope: String = "agent", agent: String = "alpha", period: String = "daily",
        limitMicros: Int64 = 1_000_000, workspaceID: Int64 = 1
    ) async throws -> Int64 {
        try await database.write { db, _ in
            try db.execute(
                sql: "INSERT INTO budgets (scope, agent_name, period, limit_micros, workspace_id) VALUES (?, ?, ?, ?, ?)",
                arguments: [scope, scope == "agent" ? agent : "", period, limitMicros, workspaceID])
            return db.lastInsertedRowID
        }
    }

    /// Records a report of `micros` (a multiple of 15) for `agent` at `atMs`.
    static func spend(
        _ database: EventedDatabase, agent: String = "alpha", micros: Int64, atMs: Int64, model: String = "claude-sonnet-4-6"
    ) async throws {
        try await database.write { db, events in
            _ = try TokenReportRecorder.record(
                db, events: &events,
                .init(
                    model: model, sessionID: "\(agent):cli", agentName: agent, inputTokens: 0, outputTokens: micros / 15,
                    taskID: nil, operation: "test", idempotencyKey: nil, workspaceID: 1, timestampMs: atMs))
        }
    }

    /// The alerts fired, as "budget/period/threshold".
    static func alerts(_ database: EventedDatabase) async throws -> [String] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT budget_id, period_key, threshold FROM budget_alerts ORDER BY id").map { row in
                let budget: Int64 = row["budget_id"]
                let key: String = row["period_key"]
                let threshold: Int64 = row["threshold"]
                return "\(budget)/\(key)/\(threshold)"
            }
        }
    }

    /// Count of rows matching `sql` (a `SELECT COUNT(*)`).
    static func count(_ database: EventedDatabase, _ sql: String) async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
