import Foundation
import HTTPTypes
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `/api/tokens`, `/api/claude/sessions` and `/api/pricing` over the ledger.
@Suite(.timeLimit(.minutes(1))) struct TokenRoutesTests {
    typealias F = LedgerFixture
    typealias S = AgentTestSupport

    static func stats(_ client: any TestClientProtocol, _ query: String = "") async throws -> [String: Any] {
        try await S.send(client, .get, "/api/tokens?action=stats\(query)").json
    }

    @Test func theFixtureTotalsMatchTheHandComputedValuesThroughStats() async throws {
        let app = try await TestApplication(busClients: [])
        _ = try await SessionLedgerTests.ingest(app, F.main)
        _ = try await SessionLedgerTests.ingest(app, F.subagent)
        try await app.test { client in
            let stats = try await Self.stats(client, "&timeframe=day")
            let summary = try #require(stats["summary"] as? [String: Any])
            #expect(summary["costMicros"] as? Int == F.expectedMicros)
            #expect(summary["totalCost"] as? Double == 0.225405)
            #expect(summary["totalTokens"] as? Int == F.expectedTokens)
            #expect(summary["requestCount"] as? Int == 6)
            #expect(summary["inputTokens"] as? Int == 1315)
            #expect(summary["outputTokens"] as? Int == 1470)
            #expect(summary["cacheReadTokens"] as? Int == 331_000)
            #expect(summary["unpricedTokens"] as? Int == 200)
            #expect(summary["unpricedRequests"] as? Int == 1)
            #expect(summary["costComplete"] as? Bool == false)
            let models = try #require(stats["models"] as? [String: [String: Any]])
            #expect(models["claude-sonnet-4-5"]?["costMicros"] as? Int == 33_330 + 137_250)
            #expect(models["claude-nova-9"]?["totalCost"] is NSNull)
            #expect(models["claude-haiku-4-5"]?["costMicros"] as? Int == 1_050)
            let sessions = try #require(stats["sessions"] as? [String: [String: Any]])
            #expect(sessions[F.session]?["requestCount"] as? Int == 6)
            #expect((stats["projects"] as? [String: Any])?[F.project] != nil)
            #expect(stats["recordCount"] as? Int == 6)
            let old = try await Self.stats(client, "&timeframe=hour")
            #expect((old["summary"] as? [String: Any])?["requestCount"] as? Int == 6)
        }
    }

    @Test func timeframesAndActionsAreValidated() async throws {
        let app = try await TestApplication(busClients: [])
        let old = F.nowMs() - 2 * 3_600_000
        _ = try await SessionLedgerTests.ingest(
            app, F.batch([F.record("msg_O", "req_O", model: "claude-haiku-4-5", usage: (1, 1, 0, 0, 0), timestampMs: old)]))
        try await app.test { client in
            #expect((try await Self.stats(client, "&timeframe=hour")["summary"] as? [String: Any])?["requestCount"] as? Int == 0)
            #expect((try await Self.stats(client, "&timeframe=day")["summary"] as? [String: Any])?["requestCount"] as? Int == 1)
            let bad = try await S.send(client, .get, "/api/tokens?action=nope")
            #expect(bad.status == .badRequest)
            #expect(bad.json["error"] as? String == "Invalid action")
            #expect(bad.json["action"] as? String == "nope")
            let frame = try await S.send(client, .get, "/api/tokens?timeframe=year")
            #expect(frame.json["error"] as? String == "timeframe must be one of hour, day, week, month, all")
            let list = try await S.send(client, .get, "/api/tokens")
            #expect(list.json["total"] as? Int == 1)
            #expect(list.json["timeframe"] as? String == "all")
            let format = try await S.send(client, .get, "/api/tokens?action=export&format=xml")
            #expect(format.json["error"] as? String == "format must be json or csv")
        }
    }

    @Test func postedReportsAreCountedOncePerIdempotencyKey() async throws {
        let app = try await TestApplication(busClients: [])
        try await app.test { client in
            let body = #"{"model":"claude-sonnet-4-5","sessionId":"coder:chat","inputTokens":1000,"outputTokens":100,"taskId":"99","idempotency_key":"rep-1"}"#
            let first = try await S.send(client, .post, "/api/tokens", body)
            #expect(first.status == .ok)
            let record = try #require(first.json["record"] as? [String: Any])
            #expect(record["agentName"] as? String == "coder")
            #expect(record["cost"] as? Double == 0.0045)
            #expect(record["taskId"] is NSNull)
            #expect(first.json["duplicate"] as? Bool == false)
            let again = try await S.send(client, .post, "/api/tokens", body)
            #expect(again.json["duplicate"] as? Bool == true)
            #expect((again.json["record"] as? [String: Any])?["id"] as? Int == record["id"] as? Int)
            let list = try await S.send(client, .get, "/api/tokens")
            #expect(list.json["total"] as? Int == 1)
            let legacy = try await S.rows(app.dependencies.database, "SELECT COUNT(*) AS n, MAX(cost_usd) AS c FROM token_usage").first
            #expect(legacy?["n"] == 1)
            #expect(legacy?["c"] == 0.0045)
            let stats = try await Self.stats(client)
            #expect((stats["agents"] as? [String: Any])?["coder"] != nil)
            // The task did not exist in the workspace, so the report is unattributed.
            #expect(((stats["tasks"] as? [String: Any])?["unattributed"] as? [String: Any])?["requestCount"] as? Int == 1)
        }
    }

    @Test func postedReportsAreValidatedAtTheirLimits() async throws {
        let app = try await TestApplication(busClients: [])
        try await app.test { client in
            func post(_ fields: String) async throws -> TestResponse {
                try await S.send(client, .post, "/api/tokens", #"{"sessionId":"a:b","inputTokens":1,"outputTokens":1,\#(fields)}"#)
            }
            let longest = String(repeating: "m", count: 200)
            #expect(try await post(#""model":"\#(longest)""#).status == .ok)
            let tooLong = try await post(#""model":"\#(longest)m""#)
            #expect(tooLong.json["error"] as? String == "model must be a string of 1 to 200 characters")
            let negative = try await S.send(client, .post, "/api/tokens", #"{"model":"x","sessionId":"a","inputTokens":-1,"outputTokens":1}"#)
            #expect(negative.json["error"] as? String == "inputTokens must be a non-negative integer")
            #expect(try await post(#""model":"x","duration":604800000"#).status == .ok)
            let duration = try await post(#""model":"x","duration":604800001"#)
            #expect(duration.json["error"] as? String == "duration must be an integer from 0 to 604800000 (ms)")
            let key = try await post(#""model":"x","idempotency_key":"\#(String(repeating: "k", count: 201))""#)
            #expect(key.json["error"] as? String == "idempotency_key must be a string of 1 to 200 characters")
            let unknown = try await post(#""model":"mystery-model""#)
            #expect((unknown.json["record"] as? [String: Any])?["cost"] is NSNull)
            #expect((unknown.json["record"] as? [String: Any])?["flags"] as? [String] == ["unknown_model"])
        }
    }

    @Test func theCSVExportHasTheOriginalColumnsAndEmptyUnknownCosts() async throws {
        let app = try await TestApplication(busClients: [])
        _ = try await SessionLedgerTests.ingest(
            app,
            F.batch([
                F.record("msg_A", "req_A", model: "claude-sonnet-4-5", usage: (10, 420, 0, 2000, 50000), timestampMs: 1_764_000_000_000),
                F.record("msg_E", "req_E", model: "=cmd", usage: (100, 100, 0, 0, 0), timestampMs: 1_764_000_001_000),
            ]))
        try await app.test { client in
            let response = try await S.send(client, .get, "/api/tokens?action=export&format=csv")
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition]?.hasPrefix("attachment; filename=token-usage-all-") == true)
            #expect(response.headers[.contentDisposition]?.hasSuffix(".csv") == true)
            let lines = response.text.components(separatedBy: "\r\n")
            // Project slugs start with '-': quoted with ' like any cell a spreadsheet could run as a formula.
            let project = "'" + F.project
            #expect(lines[0] == "timestamp,agentName,model,sessionId,operation,inputTokens,outputTokens,totalTokens,cost,duration,project,cacheWrite5mTokens,cacheWrite1hTokens,cacheReadTokens,flags")
            #expect(lines[1] == "2025-11-24T16:00:01.000Z,,'=cmd,\(F.session),,100,100,200,,,\(project),0,0,0,unknown_model")
            #expect(lines[2] == "2025-11-24T16:00:00.000Z,,claude-sonnet-4-5,\(F.session),,10,420,52430,0.0333,,\(project),0,2000,50000,")
            #expect(lines.count == 4 && lines[3].isEmpty)
            let json = try await S.send(client, .get, "/api/tokens?action=export")
            #expect((json.json["usage"] as? [Any])?.count == 2)
        }
    }

    @Test func claudeSessionsAreRolledUpFromTheLedger() async throws {
        let app = try await TestApplication(busClients: [])
        _ = try await SessionLedgerTests.ingest(app, F.main)
        _ = try await SessionLedgerTests.ingest(app, F.subagent)
        try await app.test { client in
            let response = try await S.send(client, .get, "/api/claude/sessions?active=1&project=\(F.project)")
            #expect(response.json["total"] as? Int == 1)
            let session = try #require((response.json["sessions"] as? [[String: Any]])?.first)
            #expect(session["session_id"] as? String == F.session)
            #expect(session["project_path"] as? String == "/home/dev/app")
            #expect(session["git_branch"] as? String == "main")
            #expect(session["is_active"] as? Bool == true)
            #expect(session["estimated_cost"] as? Double == 0.225405)
            #expect(session["unpriced_tokens"] as? Int == 200)
            let stats = try #require(response.json["stats"] as? [String: Any])
            #expect(stats["total_estimated_cost"] as? Double == 0.23)
            #expect(stats["active_sessions"] as? Int == 1)
            let inactive = try await S.send(client, .get, "/api/claude/sessions?active=0")
            #expect(inactive.json["total"] as? Int == 0)
            let bad = try await S.send(client, .get, "/api/claude/sessions?active=maybe")
            #expect(bad.json["error"] as? String == "active must be 1, 0, true or false")
            let scan = try await S.send(client, .post, "/api/claude/sessions")
            #expect(scan.status == .accepted)
            #expect(scan.json["requested"] as? Bool == true)
        }
    }

    @Test func overridesPriceNewRowsAndAreMarked() async throws {
        let app = try await TestApplication(busClients: [])
        _ = try await SessionLedgerTests.ingest(app, F.batch([F.record("msg_E", "req_E", model: "claude-nova-9", usage: (100, 100, 0, 0, 0))]))
        try await app.test { client in
            let put = try await S.send(client, .put, "/api/pricing", #"{"model":"anthropic/claude-nova-9","input":2,"output":8}"#)
            #expect(put.status == .ok)
            #expect(put.json["model"] as? String == "claude-nova-9")
            _ = try await SessionLedgerTests.ingest(app, F.batch([F.record("msg_E2", "req_E2", model: "claude-nova-9", usage: (100, 100, 0, 0, 0))]))
            let costs = try await S.rows(app.dependencies.database, "SELECT cost_micros FROM usage_ledger ORDER BY id")
            #expect(costs.map { $0["cost_micros"] } == [.null, 1_000])
            let catalog = try await S.send(client, .get, "/api/pricing")
            let models = try #require(catalog.json["models"] as? [[String: Any]])
            let nova = try #require(models.first { $0["model"] as? String == "claude-nova-9" })
            #expect(nova["override"] as? Bool == true)
            #expect(nova["cache_read"] as? Double == 0.2)
            #expect(models.first { $0["model"] as? String == "claude-opus-4-6" }?["override"] as? Bool == false)
            let audit = try await S.rows(app.dependencies.database, "SELECT action FROM audit_log WHERE action LIKE 'pricing%'")
            #expect(audit.map { $0["action"] } == ["pricing_update"])
            let invalid = try await S.send(client, .put, "/api/pricing", #"{"model":"x","input":10001,"output":1}"#)
            #expect(invalid.json["error"] as? String == "input must be a number from 0 to 10000 (USD per million tokens)")
            #expect(try await S.send(client, .put, "/api/pricing", #"{"model":"x","input":10000,"output":1}"#).status == .ok)
            let missing = try await S.send(client, .put, "/api/pricing", #"{"model":"x","input":1}"#)
            #expect(missing.json["error"] as? String == "output is required")
            let deleted = try await S.send(client, .delete, "/api/pricing", #"{"model":"claude-nova-9"}"#)
            #expect(deleted.status == .ok)
            let gone = try await S.send(client, .delete, "/api/pricing", #"{"model":"claude-nova-9"}"#)
            #expect(gone.status == .notFound)
            #expect(gone.json["error"] as? String == "No price override for claude-nova-9")
        }
    }
}
