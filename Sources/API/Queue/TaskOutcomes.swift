import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `GET /api/tasks/outcomes` (reference §7.2, §9.14): how finished (`done`) tasks of the
/// caller's workspace ended, overall, per agent and per priority, with the commonest errors.
struct TaskOutcomes: Sendable {
    let database: EventedDatabase

    static let timeframes: [String: Int64] = ["day": 86_400, "week": 7 * 86_400, "month": 30 * 86_400, "all": 0]
    static let timeframeMessage = "Invalid timeframe. Expected one of: day, week, month, all."
    private static let buckets = ["success", "failed", "partial", "abandoned"]

    /// Checks `timeframe` (default `all`).
    static func timeframe(_ raw: String?) throws -> String {
        let value = (raw ?? "").isEmpty ? "all" : raw ?? "all"
        guard timeframes[value] != nil else { throw APIError(.badRequest, timeframeMessage) }
        return value
    }

    /// One done task, as the summary needs it.
    private struct Done {
        var agent: String
        var priority: String
        var outcome: String
        var retries: Int64
        var resolution: Int64?
        var error: String?
    }

    /// The report for `timeframe` (already validated).
    func report(timeframe: String, workspaceID: Int64) async throws -> JSONValue {
        let window = Self.timeframes[timeframe] ?? 0
        let now = TaskWriteSupport.now()
        let since = window == 0 ? 0 : now - window
        let rows = try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT assigned_to, priority, outcome, retry_count, error_message, created_at,
                           COALESCE(completed_at, updated_at) AS finished_at
                    FROM tasks WHERE workspace_id = ? AND status = 'done' AND COALESCE(completed_at, updated_at) >= ?
                    """, arguments: [workspaceID, since]
            ).map { row -> Done in
                let outcome: String? = row["outcome"]
                let created: Int64? = row["created_at"]
                let finished: Int64? = row["finished_at"]
                return Done(
                    agent: (row["assigned_to"] as String?).flatMap { $0.isEmpty ? nil : $0 } ?? "unassigned",
                    priority: row["priority"] ?? "unknown",
                    outcome: outcome.flatMap { Self.buckets.contains($0) ? $0 : nil } ?? "unknown",
                    retries: row["retry_count"] ?? 0,
                    resolution: created.flatMap { start in finished.map { max(0, $0 - start) } },
                    error: (row["error_message"] as String?).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 })
            }
        }
        return Self.summarise(rows, timeframe: timeframe)
    }

    private static func summarise(_ rows: [Done], timeframe: String) -> JSONValue {
        let counts = outcomeCounts(rows)
        let withOutcome = rows.count - (counts["unknown"] ?? 0)
        let resolutions = rows.compactMap(\.resolution)
        let summary: [String: JSONValue] = [
            "total_done": .number(Double(rows.count)),
            "with_outcome": .number(Double(withOutcome)),
            "by_outcome": .object(counts.mapValues { .number(Double($0)) }),
            "avg_retry_count": .number(average(rows.map { Double($0.retries) })),
            "avg_time_to_resolution_seconds": .number(average(resolutions.map(Double.init))),
            "success_rate": .number(rate(counts["success"] ?? 0, withOutcome)),
        ]
        var errors: [String: Int] = [:]
        for row in rows { if let error = row.error { errors[error, default: 0] += 1 } }
        let common = errors.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10)
        return [
            "timeframe": .string(timeframe),
            "summary": .object(summary),
            "by_agent": .object(grouped(rows, by: \.agent)),
            "by_priority": .object(grouped(rows, by: \.priority)),
            "common_errors": .array(common.map { ["error_message": .string($0.key), "count": .number(Double($0.value))] }),
            "record_count": .number(Double(rows.count)),
        ]
    }

    /// Buckets plus `total` and `success_rate` (success over rows with a known outcome).
    private static func grouped(_ rows: [Done], by key: KeyPath<Done, String>) -> [String: JSONValue] {
        Dictionary(grouping: rows, by: { $0[keyPath: key] }).mapValues { group in
            let counts = outcomeCounts(group)
            var fields = counts.mapValues { JSONValue.number(Double($0)) }
            fields["total"] = .number(Double(group.count))
            fields["success_rate"] = .number(rate(counts["success"] ?? 0, group.count - (counts["unknown"] ?? 0)))
            return .object(fields)
        }
    }

    private static func outcomeCounts(_ rows: [Done]) -> [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: (buckets + ["unknown"]).map { ($0, 0) })
        for row in rows { counts[row.outcome, default: 0] += 1 }
        return counts
    }

    /// Mean rounded to 2 decimals; 0 for no values.
    private static func average(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : (values.reduce(0, +) / Double(values.count) * 100).rounded() / 100
    }

    /// Ratio rounded to 4 decimals; 0 when the denominator is 0.
    private static func rate(_ part: Int, _ whole: Int) -> Double {
        whole <= 0 ? 0 : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }
}
