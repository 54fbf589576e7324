import GRDB
import MCShared

/// Aggregates of ledger rows, grouped by one expression (model, agent, session, project, day).
/// Cost is a sum of known costs only; rows of unknown models are counted apart (`unpriced…`),
/// and a group made only of such rows has a `null` cost — never a silent 0.
enum UsageRollup {
    /// The token total of a row, every class included.
    static let tokensSQL =
        "(input_tokens + output_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens)"

    /// `{group: Stats}` for rows of `workspaceID` since `sinceMs`, grouped by `expression`.
    static func grouped(_ db: Database, by expression: String, workspaceID: Int64, sinceMs: Int64) throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for row in try Row.fetchAll(
            db, sql: "\(select) , \(expression) AS grp FROM usage_ledger WHERE workspace_id = ? AND timestamp_ms >= ? GROUP BY grp",
            arguments: [workspaceID, sinceMs])
        {
            let group: String? = row["grp"]
            result[group ?? "unknown"] = stats(row)
        }
        return result
    }

    /// The summary Stats of every row of `workspaceID` since `sinceMs`.
    static func summary(_ db: Database, workspaceID: Int64, sinceMs: Int64) throws -> JSONValue {
        let row = try Row.fetchOne(
            db, sql: "\(select) FROM usage_ledger WHERE workspace_id = ? AND timestamp_ms >= ?", arguments: [workspaceID, sinceMs])
        return row.map(stats) ?? stats(nil)
    }

    private static let select = """
        SELECT COUNT(*) AS requests, COALESCE(SUM(\(tokensSQL)), 0) AS tokens, SUM(cost_micros) AS cost,
               COALESCE(SUM(cost_micros IS NULL), 0) AS unpriced_requests,
               COALESCE(SUM(CASE WHEN cost_micros IS NULL THEN \(tokensSQL) ELSE 0 END), 0) AS unpriced_tokens,
               COALESCE(SUM(input_tokens), 0) AS input, COALESCE(SUM(output_tokens), 0) AS output,
               COALESCE(SUM(cache_write_5m_tokens), 0) AS write5m, COALESCE(SUM(cache_write_1h_tokens), 0) AS write1h,
               COALESCE(SUM(cache_read_tokens), 0) AS read
        """

    /// The original's Stats `{totalTokens, totalCost, requestCount, avgTokensPerRequest,
    /// avgCostPerRequest}` plus the token classes, the exact cost in micro-dollars and the
    /// unpriced counts.
    static func stats(_ row: Row?) -> JSONValue {
        let requests: Int64 = row?["requests"] ?? 0
        let tokens: Int64 = row?["tokens"] ?? 0
        let cost: Int64? = row?["cost"]
        let unpricedRequests: Int64 = row?["unpriced_requests"] ?? 0
        func number(_ value: Int64) -> JSONValue { .number(Double(value)) }
        // No rows: 0. Rows but none priced: null, never a silent 0.
        let none: JSONValue = requests == 0 ? 0 : .null
        let usd = cost.map { JSONValue.number(Double($0) / 1_000_000) } ?? none
        let average = cost.map { JSONValue.number(requests > 0 ? Double($0) / 1_000_000 / Double(requests) : 0) } ?? none
        return [
            "totalTokens": number(tokens), "totalCost": usd, "costMicros": cost.map(number) ?? none,
            "requestCount": number(requests),
            "avgTokensPerRequest": requests > 0 ? .number((Double(tokens) / Double(requests)).rounded()) : 0,
            "avgCostPerRequest": average, "inputTokens": number(row?["input"] ?? 0), "outputTokens": number(row?["output"] ?? 0),
            "cacheWrite5mTokens": number(row?["write5m"] ?? 0), "cacheWrite1hTokens": number(row?["write1h"] ?? 0),
            "cacheReadTokens": number(row?["read"] ?? 0), "unpricedRequests": number(unpricedRequests),
            "unpricedTokens": number(row?["unpriced_tokens"] ?? 0), "costComplete": .bool(unpricedRequests == 0),
        ]
    }
}
