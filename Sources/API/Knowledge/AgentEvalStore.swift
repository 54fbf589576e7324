import Foundation
import GRDB
import MCShared

/// The SQL of the evaluations: the samples the formulas read and the `eval_runs` rows.
enum AgentEvalStore {
    /// The agent's samples with times in `since…now`.
    static func samples(_ db: Database, agent: String, workspaceID: Int64, since: Int64) throws
        -> AgentEvalFormulas.Samples
    {
        var samples = AgentEvalFormulas.Samples()
        samples.outcomes = try Row.fetchAll(
            db,
            sql: """
                SELECT COALESCE(completed_at, updated_at) AS at, outcome = 'success' AS success FROM tasks
                WHERE workspace_id = ? AND assigned_to = ? AND status = 'done' AND COALESCE(outcome, '') != ''
                  AND COALESCE(completed_at, updated_at) >= ?
                """, arguments: [workspaceID, agent, since]
        ).map { (at: $0["at"], success: $0["success"]) }
        samples.traces = try Row.fetchAll(
            db,
            sql: """
                SELECT created_at AS at,
                       COALESCE(convergence_score,
                                CASE WHEN total_steps > 0 THEN CAST(optimal_steps AS REAL) / total_steps END) AS convergence
                FROM eval_traces WHERE workspace_id = ? AND agent_name = ? AND created_at >= ?
                """, arguments: [workspaceID, agent, since]
        ).compactMap { row in
            let value: Double? = row["convergence"]
            return value.map { (at: row["at"], convergence: min(max($0, 0), 1)) }
        }
        samples.touched = try Row.fetchAll(
            db,
            sql: """
                SELECT updated_at AS at,
                       (TRIM(COALESCE(error_message, '')) != '' OR retry_count > 0) AS failing
                FROM tasks WHERE workspace_id = ? AND assigned_to = ? AND updated_at >= ?
                """, arguments: [workspaceID, agent, since]
        ).map { (at: $0["at"], failing: $0["failing"]) }
        return samples
    }

    /// The newest `eval_runs` row of each layer, in layer order.
    static func latestRuns(_ db: Database, agent: String, workspaceID: Int64) throws -> [JSONValue] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT eval_layer, score, passed, detail, created_at FROM eval_runs
                WHERE id IN (SELECT MAX(id) FROM eval_runs WHERE workspace_id = ? AND agent_name = ? GROUP BY eval_layer)
                """, arguments: [workspaceID, agent])
        let order = AgentEvalService.layers
        return rows.sorted {
            (order.firstIndex(of: $0["eval_layer"]) ?? 99) < (order.firstIndex(of: $1["eval_layer"]) ?? 99)
        }
        .map { row in
            let score: Double? = row["score"]
            let passed: Int64? = row["passed"]
            let detail: String? = row["detail"]
            return [
                "eval_layer": .string(row["eval_layer"]), "score": score.map(JSONValue.number) ?? .null,
                "passed": .bool(passed == 1), "detail": detail.map(JSONValue.string) ?? .null,
                "created_at": .number(Double(row["created_at"] as Int64)),
            ]
        }
    }

    /// Records one result.
    static func insert(
        _ db: Database, _ result: AgentEvalFormulas.Result, agent: String, workspaceID: Int64, at now: Int64
    )
        throws
    {
        try db.execute(
            sql: """
                INSERT INTO eval_runs (agent_name, eval_layer, score, passed, detail, workspace_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [agent, result.layer, result.score, result.passed ? 1 : 0, result.detail, workspaceID, now])
    }
}
