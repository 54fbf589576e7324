import Foundation
import GRDB
import MCShared

/// An agent's `token_usage` rows in a window: totals, per model and per UTC day. A row is the
/// agent's when its `agent_name` is the agent, or its session is `<agent>` or `<agent>:<channel>`
/// (the original's convention, and how rows without `agent_name` were written).
enum AgentTokenUsage {
    /// `{total, by_model, daily_trend}`; `cost_usd` fields are null when no row carried a cost.
    static func report(_ db: Database, agent: String, workspaceID: Int64, since: Int64) throws -> JSONValue {
        // A prefix test by substr, not LIKE: agent names may contain `_` and `%`.
        let filter = """
            FROM token_usage WHERE workspace_id = ? AND created_at >= ?
              AND (agent_name = ? OR session_id = ? OR substr(session_id, 1, length(?) + 1) = ? || ':')
            """
        let arguments: StatementArguments = [workspaceID, since, agent, agent, agent, agent]
        let sums = "COUNT(*) AS requests, TOTAL(input_tokens) AS input_tokens, TOTAL(output_tokens) AS output_tokens, SUM(cost_usd) AS cost_usd"
        let total = try Row.fetchOne(db, sql: "SELECT \(sums) \(filter)", arguments: arguments)
        let models = try Row.fetchAll(
            db, sql: "SELECT model, \(sums) \(filter) GROUP BY model ORDER BY TOTAL(input_tokens + output_tokens) DESC, model",
            arguments: arguments)
        let days = try Row.fetchAll(
            db, sql: "SELECT (created_at / 86400) * 86400 AS day, \(sums) \(filter) GROUP BY day ORDER BY day", arguments: arguments)
        return [
            "total": total.map(sumsJSON) ?? sumsJSON(nil),
            "by_model": .array(models.map { row in .object(merge(["model": .string(row["model"])], sumsJSON(row))) }),
            "daily_trend": .array(
                days.map { row in
                    let day: Int64 = row["day"]
                    return .object(merge(["date": .string(String(ReportRows.iso(day).prefix(10)))], sumsJSON(row)))
                }),
        ]
    }

    /// `{requests, input_tokens, output_tokens, total_tokens, cost_usd}` of a sums row.
    private static func sumsJSON(_ row: Row?) -> JSONValue {
        let input = Int64(row?["input_tokens"] as Double? ?? 0)
        let output = Int64(row?["output_tokens"] as Double? ?? 0)
        let cost: Double? = row?["cost_usd"]
        return [
            "requests": .number(Double(row?["requests"] as Int64? ?? 0)),
            "input_tokens": .number(Double(input)), "output_tokens": .number(Double(output)),
            "total_tokens": .number(Double(input + output)),
            "cost_usd": cost.map { .number(($0 * 1_000_000).rounded() / 1_000_000) } ?? .null,
        ]
    }

    private static func merge(_ fields: [String: JSONValue], _ sums: JSONValue) -> [String: JSONValue] {
        guard case .object(let extra) = sums else { return fields }
        return fields.merging(extra) { first, _ in first }
    }
}
