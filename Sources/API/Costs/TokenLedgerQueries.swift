import Foundation
import GRDB
import MCShared

/// The reads behind `GET /api/tokens`: records, rollups and the hourly trend, from the ledger.
struct TokenLedgerQueries: Sendable {
    /// Records `list` returns (the original's first 100).
    static let listLimit = 100
    /// Most rows an export carries.
    static let exportLimit = 100_000
    /// The agent of a row: the reporter's agent name; transcript rows have none.
    static let agentSQL = "COALESCE(agent_name, 'unattributed')"

    let database: EventedDatabase

    /// `{usage: first 100 records, total, timeframe}`.
    func list(workspaceID: Int64, timeframe: UsageTimeframe, nowMs: Int64) async throws -> JSONValue {
        try await database.read { db in
            let since = timeframe.since(nowMs: nowMs)
            let records = try Self.records(db, workspaceID: workspaceID, sinceMs: since, limit: Self.listLimit)
            let total = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM usage_ledger WHERE workspace_id = ? AND timestamp_ms >= ?",
                arguments: [workspaceID, since]) ?? 0
            return ["usage": .array(records), "total": .number(Double(total)), "timeframe": .string(timeframe.rawValue)]
        }
    }

    /// `{summary, models, sessions, agents, projects, daily, timeframe, recordCount}`.
    func stats(workspaceID: Int64, timeframe: UsageTimeframe, nowMs: Int64) async throws -> JSONValue {
        try await database.read { db in
            let since = timeframe.since(nowMs: nowMs)
            let summary = try UsageRollup.summary(db, workspaceID: workspaceID, sinceMs: since)
            func by(_ expression: String) throws -> JSONValue {
                .object(try UsageRollup.grouped(db, by: expression, workspaceID: workspaceID, sinceMs: since))
            }
            return [
                "summary": summary, "models": try by("COALESCE(normalized_model, model)"), "sessions": try by("session_id"),
                "agents": try by(Self.agentSQL), "projects": try by("project_slug"),
                "tasks": try by("COALESCE(CAST(task_id AS TEXT), 'unattributed')"),
                "daily": try by("strftime('%Y-%m-%d', timestamp_ms / 1000, 'unixepoch')"),
                "timeframe": .string(timeframe.rawValue), "recordCount": summary["requestCount"] ?? 0,
            ]
        }
    }

    /// `{trends: [{timestamp, tokens, cost, requests}]}`: the last 24 hours, hourly.
    func trends(workspaceID: Int64, timeframe: UsageTimeframe, nowMs: Int64) async throws -> JSONValue {
        try await database.read { db in
            let hourMs: Int64 = 3_600_000
            let first = (nowMs / hourMs - 23) * hourMs
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT timestamp_ms / \(hourMs) AS hour, SUM(\(UsageRollup.tokensSQL)) AS tokens, SUM(cost_micros) AS cost,
                           COUNT(*) AS requests
                    FROM usage_ledger WHERE workspace_id = ? AND timestamp_ms >= ? GROUP BY hour
                    """,
                arguments: [workspaceID, first])
            var byHour: [Int64: Row] = [:]
            for row in rows { byHour[row["hour"]] = row }
            let trends: [JSONValue] = (0..<24).map { index in
                let hour = first / hourMs + Int64(index)
                let row = byHour[hour]
                let cost: Int64? = row?["cost"]
                return [
                    "timestamp": .string(Self.iso(hour * hourMs)), "tokens": .number(Double(row?["tokens"] ?? 0 as Int64)),
                    "cost": .number(Double(cost ?? 0) / 1_000_000), "requests": .number(Double(row?["requests"] ?? 0 as Int64)),
                ]
            }
            return ["trends": .array(trends), "timeframe": .string(timeframe.rawValue)]
        }
    }

    /// Records newest first, in the original's record shape plus the ledger's fields.
    static func records(_ db: Database, workspaceID: Int64, sinceMs: Int64, limit: Int) throws -> [JSONValue] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT *, \(UsageRollup.tokensSQL) AS total FROM usage_ledger
                WHERE workspace_id = ? AND timestamp_ms >= ? ORDER BY timestamp_ms DESC, id DESC LIMIT ?
                """,
            arguments: [workspaceID, sinceMs, limit]
        ).map(record)
    }

    /// One ledger row as JSON.
    static func record(_ row: Row) -> JSONValue {
        func text(_ column: String) -> JSONValue { (row[column] as String?).map(JSONValue.string) ?? .null }
        func number(_ column: String) -> JSONValue { (row[column] as Int64?).map { .number(Double($0)) } ?? .null }
        let cost: Int64? = row["cost_micros"]
        let flags: String = row["flags"]
        return [
            "id": number("id"), "source": text("source"), "model": text("model"), "normalizedModel": text("normalized_model"),
            "sessionId": text("session_id"), "agentName": text("agent_name"), "project": text("project_slug"),
            "cwd": text("cwd"), "gitBranch": text("git_branch"), "taskId": number("task_id"),
            "timestamp": number("timestamp_ms"), "inputTokens": number("input_tokens"), "outputTokens": number("output_tokens"),
            "cacheWrite5mTokens": number("cache_write_5m_tokens"), "cacheWrite1hTokens": number("cache_write_1h_tokens"),
            "cacheReadTokens": number("cache_read_tokens"), "totalTokens": number("total"),
            "cost": cost.map { .number(Double($0) / 1_000_000) } ?? .null, "costMicros": number("cost_micros"),
            "operation": text("operation"), "flags": (try? JSONValue.parse(flags)) ?? [], "workspaceId": number("workspace_id"),
        ]
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    static func iso(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
