import Foundation
import GRDB
import MCShared

/// `GET /api/claude/sessions`: Claude Code sessions rolled up from the ledger's transcript rows
/// and the scanner's files. Unlike the original's `claude_sessions` table, nothing is deleted
/// when a transcript disappears, and tokens are de-duplicated.
struct ClaudeSessionQueries: Sendable {
    /// A session is active when its last activity is this recent (the original's 15 minutes).
    static let activeWindowMs: Int64 = 15 * 60 * 1000
    static let defaultLimit = 50
    static let maximumLimit = 200

    let database: EventedDatabase

    /// `{sessions, total, stats}`, most recent activity first.
    func list(active: Bool?, project: String?, limit: Int, offset: Int, nowMs: Int64) async throws -> JSONValue {
        try await database.read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let active {
                conditions.append(active ? "activity_ms >= ?" : "activity_ms < ?")
                arguments.append(nowMs - Self.activeWindowMs)
            }
            if let project {
                conditions.append("project = ?")
                arguments.append(project)
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db, sql: "\(Self.rollup) SELECT * FROM sessions \(filter) ORDER BY activity_ms DESC, session_id LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [limit, offset]))
            let stats = try Row.fetchOne(
                db,
                sql: """
                    \(Self.rollup) SELECT COUNT(*) AS total, COALESCE(SUM(activity_ms >= ?), 0) AS active,
                        COALESCE(SUM(input), 0) AS input, COALESCE(SUM(output), 0) AS output, SUM(cost) AS cost,
                        COALESCE(SUM(unpriced_tokens), 0) AS unpriced_tokens, COUNT(DISTINCT project) AS projects
                    FROM sessions \(filter)
                    """,
                arguments: StatementArguments([nowMs - Self.activeWindowMs] + arguments))
            let cost: Int64? = stats?["cost"]
            let total: Int64 = stats?["total"] ?? 0
            return [
                "sessions": .array(rows.map { Self.session($0, nowMs: nowMs) }), "total": .number(Double(total)),
                "stats": [
                    "total_sessions": .number(Double(total)), "active_sessions": .number(Double(stats?["active"] ?? 0 as Int64)),
                    "total_input_tokens": .number(Double(stats?["input"] ?? 0 as Int64)),
                    "total_output_tokens": .number(Double(stats?["output"] ?? 0 as Int64)),
                    "total_estimated_cost": cost.map { .number((Double($0) / 10_000).rounded() / 100) } ?? (total == 0 ? 0 : .null),
                    "unpriced_tokens": .number(Double(stats?["unpriced_tokens"] ?? 0 as Int64)),
                    "unique_projects": .number(Double(stats?["projects"] ?? 0 as Int64)),
                ],
            ]
        }
    }

    /// One session row per transcript session id: ledger sums, and the latest file activity.
    /// `input` is uncached input only; the cache classes are separate columns.
    private static let rollup = """
        WITH ledger AS (
            SELECT session_id, MIN(timestamp_ms) AS first_ms, MAX(timestamp_ms) AS last_ms, COUNT(*) AS requests,
                   SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cache_write_5m_tokens) AS write5m,
                   SUM(cache_write_1h_tokens) AS write1h, SUM(cache_read_tokens) AS read, SUM(cost_micros) AS cost,
                   SUM(CASE WHEN cost_micros IS NULL THEN \(UsageRollup.tokensSQL) ELSE 0 END) AS unpriced_tokens,
                   MAX(project_slug) AS project,
                   (SELECT cwd FROM usage_ledger l2 WHERE l2.session_id = l.session_id AND cwd IS NOT NULL ORDER BY timestamp_ms DESC LIMIT 1) AS cwd,
                   (SELECT git_branch FROM usage_ledger l2 WHERE l2.session_id = l.session_id AND git_branch IS NOT NULL ORDER BY timestamp_ms DESC LIMIT 1) AS git_branch,
                   (SELECT model FROM usage_ledger l2 WHERE l2.session_id = l.session_id AND model IS NOT NULL AND model != '<synthetic>' ORDER BY timestamp_ms DESC LIMIT 1) AS model
            FROM usage_ledger l WHERE source = 'transcript' AND session_id IS NOT NULL GROUP BY session_id
        ),
        files AS (
            SELECT session_id, MAX(updated_at) * 1000 AS file_ms, COUNT(*) AS file_count, SUM(deleted_at IS NULL) AS live_files
            FROM transcript_files WHERE session_id IS NOT NULL GROUP BY session_id
        ),
        sessions AS (
            SELECT ledger.*, MAX(ledger.last_ms, COALESCE(files.file_ms, 0)) AS activity_ms,
                   COALESCE(files.live_files, 0) AS live_files
            FROM ledger LEFT JOIN files ON files.session_id = ledger.session_id
        )
        """

    private static func session(_ row: Row, nowMs: Int64) -> JSONValue {
        func text(_ column: String) -> JSONValue { (row[column] as String?).map(JSONValue.string) ?? .null }
        func number(_ column: String) -> JSONValue { .number(Double(row[column] as Int64? ?? 0)) }
        let cost: Int64? = row["cost"]
        let last: Int64 = row["last_ms"]
        return [
            "session_id": text("session_id"), "project_slug": text("project"), "project_path": text("cwd"),
            "git_branch": text("git_branch"), "model": text("model"),
            "first_message_at": .string(TokenLedgerQueries.iso(row["first_ms"])),
            "last_message_at": .string(TokenLedgerQueries.iso(last)), "is_active": .bool((row["activity_ms"] as Int64? ?? last) >= nowMs - activeWindowMs),
            "request_count": number("requests"), "input_tokens": number("input"), "output_tokens": number("output"),
            "cache_write_5m_tokens": number("write5m"), "cache_write_1h_tokens": number("write1h"),
            "cache_read_tokens": number("read"), "estimated_cost": cost.map { .number(Double($0) / 1_000_000) } ?? .null,
            "unpriced_tokens": number("unpriced_tokens"), "transcript_present": .bool((row["live_files"] as Int64? ?? 0) > 0),
        ]
    }
}
