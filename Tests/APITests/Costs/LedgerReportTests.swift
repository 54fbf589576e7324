import Foundation
import GRDB
import HTTPTypes
import MCShared
import Testing

@testable import MCAPI

/// Agents' reports in the ledger: heartbeat inline usage, and `token_usage` rows written before
/// the ledger existed (migration `012_costs`).
@Suite(.timeLimit(.minutes(1))) struct LedgerReportTests {
    typealias S = AgentTestSupport

    @Test func heartbeatReportsLandInTheLedgerOncePerKeyAndPriced() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await S.createAgent(client, "spender")
            let usage = #"{"token_usage":{"model":"claude-haiku-4-5","inputTokens":1000,"outputTokens":200,"idempotency_key":"hb-1"}}"#
            for _ in 0..<2 { _ = try await S.send(client, .post, "/api/agents/spender/heartbeat", usage) }
            let unkeyed = #"{"token_usage":{"model":"claude-haiku-4-5","inputTokens":1,"outputTokens":1}}"#
            for _ in 0..<2 { _ = try await S.send(client, .post, "/api/agents/spender/heartbeat", unkeyed) }
        }
        let rows = try await S.rows(
            app.dependencies.database,
            "SELECT storage_key, source, session_id, agent_name, cost_micros, operation FROM usage_ledger ORDER BY id")
        // Reports without a key cannot be recognised again: each one counts.
        #expect(rows.count == 3)
        #expect(rows[0]["storage_key"] == "r:1:hb-1")
        #expect(rows[0]["source"] == "report")
        #expect(rows[0]["session_id"] == "spender:cli")
        #expect(rows[0]["agent_name"] == "spender")
        // 1000 × $1 + 200 × $5 per MTok = 2,000 µ$.
        #expect(rows[0]["cost_micros"] == 2_000)
        #expect(rows[0]["operation"] == "heartbeat")
        let legacy = try await S.rows(app.dependencies.database, "SELECT cost_usd FROM token_usage ORDER BY id")
        #expect(legacy.count == 3)
        #expect(legacy.first?["cost_usd"] == 0.002)
    }

    @Test func tokenUsageRowsFromBeforeTheLedgerAreCopiedOnce() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE token_usage (
                        id INTEGER PRIMARY KEY, model TEXT NOT NULL, session_id TEXT NOT NULL,
                        input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER NOT NULL, workspace_id INTEGER NOT NULL DEFAULT 1, task_id INTEGER,
                        cost_usd REAL, agent_name TEXT, idempotency_key TEXT);
                    INSERT INTO token_usage (model, session_id, input_tokens, output_tokens, created_at, cost_usd, agent_name, idempotency_key)
                    VALUES ('claude', 'a:cli', 10, 5, 1700000000, NULL, 'a', 'k1'),
                           ('gpt-4o', 'b:chat', 7, 3, 1700000001, 0.0125, 'b', NULL);
                    """)
            try CostSchema.migrate(db)
            let rows = try Row.fetchAll(
                db, sql: "SELECT storage_key, timestamp_ms, cost_micros, flags, source FROM usage_ledger ORDER BY id")
            #expect(rows.count == 2)
            #expect(rows[0]["storage_key"] as String? == "r:1:k1")
            #expect(rows[0]["timestamp_ms"] as Int64? == 1_700_000_000_000)
            #expect(rows[0]["cost_micros"] as Int64? == nil)
            #expect(rows[0]["flags"] as String? == #"["unknown_model"]"#)
            #expect(rows[1]["storage_key"] as String? == nil)
            #expect(rows[1]["cost_micros"] as Int64? == 12_500)
            #expect(rows[1]["source"] as String? == "report")
        }
    }

    @Test func csvCellsAreQuotedAndFormulaSafe() {
        #expect(UsageExport.escape("plain") == "plain")
        #expect(UsageExport.escape("a,b") == "\"a,b\"")
        #expect(UsageExport.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(UsageExport.escape("=SUM(A1)") == "'=SUM(A1)")
        #expect(UsageExport.escape("@x") == "'@x")
        #expect(UsageExport.escape("-12") == "-12")
    }
}
