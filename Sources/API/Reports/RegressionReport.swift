import Foundation
import GRDB
import MCShared

/// `GET /api/tasks/regression` (reference §7.2, §9.14): task latency percentiles and
/// intervention rates of done tasks before and after a cutover (`beta_start`), and their deltas.
struct RegressionReport: Sendable {
    let database: EventedDatabase

    static let metricDefinitions: JSONValue = [
        "p95_task_latency_seconds": "95th percentile of (completed_at - created_at) for done tasks in the window",
        "intervention_rate":
            "intervened_task_count / sample_size where intervened = retry_count>0 OR outcome in {failed,partial,abandoned} OR error_message not empty",
    ]

    /// The report for validated parameters.
    func report(betaStart: Int64, lookback: Int64, workspaceID: Int64, now: Int64) async throws -> JSONValue {
        let (baseline, post) = RegressionMetrics.windows(betaStart: betaStart, lookback: lookback, now: now)
        let samples = try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT created_at, completed_at, retry_count, outcome, error_message FROM tasks
                    WHERE workspace_id = ? AND status = 'done' AND completed_at IS NOT NULL
                      AND completed_at >= ? AND completed_at < ?
                    """, arguments: [workspaceID, baseline.start, post.end]
            ).map { row in
                RegressionMetrics.Sample(
                    createdAt: row["created_at"], completedAt: row["completed_at"], retryCount: row["retry_count"] ?? 0,
                    outcome: row["outcome"], errorMessage: row["error_message"])
            }
        }
        let before = Self.window("baseline", baseline, samples)
        let after = Self.window("post", post, samples)
        var p95Delta = JSONValue.null
        if let beforeP95 = before.p95, let afterP95 = after.p95 { p95Delta = .number(Double(afterP95 - beforeP95)) }
        return [
            "metric_definitions": Self.metricDefinitions,
            "params": ["beta_start": .number(Double(betaStart)), "lookback_seconds": .number(Double(lookback))],
            "windows": ["baseline": before.json, "post": after.json],
            "deltas": ["p95_latency_seconds": p95Delta, "intervention_rate": .number(after.rate - before.rate)],
        ]
    }

    /// One window's JSON, with its p95 and rate for the deltas.
    private static func window(_ label: String, _ window: RegressionMetrics.Window, _ samples: [RegressionMetrics.Sample])
        -> (json: JSONValue, p95: Int64?, rate: Double)
    {
        let (latencies, interventions) = RegressionMetrics.stats(samples, in: window)
        let p95 = RegressionMetrics.percentile(latencies, 95)
        let rate = latencies.isEmpty ? 0 : Double(interventions) / Double(latencies.count)
        let json: JSONValue = [
            "label": .string(label), "start": .number(Double(window.start)), "end": .number(Double(window.end)),
            "sample_size": ReportRows.count(latencies.count),
            "latency_seconds": [
                "p50": RegressionMetrics.percentile(latencies, 50).map { .number(Double($0)) } ?? .null,
                "p95": p95.map { .number(Double($0)) } ?? .null,
                "avg": latencies.isEmpty ? .null : .number(Double(latencies.reduce(0, +)) / Double(latencies.count)),
            ],
            "interventions": ["count": ReportRows.count(interventions), "rate": .number(rate)],
        ]
        return (json, p95, rate)
    }
}
