import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `GET`/`POST /api/agents/evals` on hand-built tasks and traces: recorded runs, the latest
/// runs per layer, drift, weekly history, golden sets, and every refusal.
@Suite struct AgentEvalRouteTests {
    typealias Support = AgentTestSupport
    typealias Fixture = KnowledgeTestSupport

    /// Agent `evo`: this week 3 of 4 outcomes successful, 6 tasks touched of which 2 failing,
    /// traces 0.9 and 7/10; ten days ago 1 of 2 successful and a trace of 0.1.
    static func seed(_ app: TestApplication) async throws {
        let now = Int64(Date().timeIntervalSince1970)
        let (day, hour) = (Int64(86_400), Int64(3600))
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "INSERT INTO agents (name, role) VALUES ('evo', 'coder'), ('peer', 'coder')")
            func task(_ status: String, outcome: String?, at: Int64, error: String? = nil, retries: Int = 0) throws {
                try db.execute(
                    sql: """
                        INSERT INTO tasks (title, status, assigned_to, outcome, error_message, retry_count, created_at,
                                           updated_at, completed_at)
                        VALUES ('t', ?, 'evo', ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [status, outcome, error, retries, at - hour, at, status == "done" ? at : nil])
            }
            for _ in 0..<3 { try task("done", outcome: "success", at: now - day) }
            try task("done", outcome: "failed", at: now - 2 * day, error: "boom")
            try task("done", outcome: nil, at: now - day)
            try task("in_progress", outcome: nil, at: now - hour, retries: 2)
            try task("done", outcome: "success", at: now - 10 * day)
            try task("done", outcome: "failed", at: now - 10 * day)
            try db.execute(
                sql: """
                    INSERT INTO eval_traces (agent_name, convergence_score, total_steps, optimal_steps, created_at) VALUES
                      ('evo', 0.9, NULL, NULL, ?), ('evo', NULL, 10, 7, ?), ('evo', 0.1, NULL, NULL, ?), ('peer', 0.0, NULL, NULL, ?)
                    """, arguments: [now - hour, now - 2 * hour, now - 10 * day, now - hour])
        }
    }

    @Test func aRunRecordsEveryLayer() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await app.test { client in
            let run = try await Support.send(client, .post, "/api/agents/evals", #"{"action":"run","agent":"evo"}"#)
            #expect(run.status == .ok)
            #expect(run.json["agent"] as? String == "evo")
            let results = try #require(run.json["results"] as? [[String: Any]])
            #expect(results.map { $0["layer"] as? String } == ["output", "trace", "component", "drift"])
            #expect(results[0]["score"] as? Double == 0.75)
            #expect(results[0]["passed"] as? Bool == true)
            #expect(results[0]["detail"] as? String == "3 of 4 successful")
            #expect(results[1]["score"] as? Double == 0.8)
            #expect(results[1]["detail"] as? String == "Mean convergence 0.80 over 2 traces")
            #expect(results[2]["score"] as? Double == 0.6667)
            #expect(results[2]["passed"] as? Bool == false)
            #expect(results[2]["detail"] as? String == "2 of 6 tasks had errors or retries")
            #expect(results[3]["score"] as? Double == 0.75)
            #expect(results[3]["passed"] as? Bool == false)
            #expect(
                results[3]["detail"] as? String
                    == "output: DRIFTED (delta=+0.25; this week 0.75, baseline 0.50 over 4 weeks)")

            let one = try await Support.send(
                client, .post, "/api/agents/evals", #"{"action":"run","agent":"evo","layer":"trace"}"#)
            #expect((one.json["results"] as? [[String: Any]])?.map { $0["layer"] as? String } == ["trace"])

            let latest = try await Support.send(client, .get, "/api/agents/evals?agent=evo")
            #expect(latest.status == .ok)
            let layers = try #require(latest.json["layers"] as? [[String: Any]])
            #expect(layers.map { $0["eval_layer"] as? String } == ["output", "trace", "component", "drift"])
            #expect(layers[0]["passed"] as? Bool == true)
            #expect(layers[0]["created_at"] as? Int != nil)
            let drift = try #require(latest.json["drift"] as? [String: Any])
            #expect(drift["hasDrift"] as? Bool == true)
            let metric = try #require((drift["metrics"] as? [[String: Any]])?.first)
            #expect(metric["metric"] as? String == "output")
            #expect(metric["delta"] as? Double == 0.25)
            #expect(metric["baseline"] as? Double == 0.5)
            // Against two weeks of which only last week has data, the baseline is still 0.5.
            let narrow = try await Support.send(client, .get, "/api/agents/evals?agent=evo&weeks=2")
            #expect(
                ((narrow.json["drift"] as? [String: Any])?["metrics"] as? [[String: Any]])?.first?["baseline"]
                    as? Double == 0.5)
        }
        #expect(
            try await Fixture.value(app, "SELECT COUNT(*) FROM eval_runs WHERE agent_name = 'evo'", as: Int.self) == 5)
    }

    @Test func historyHasWeeklyScoresAndADriftTimeline() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await app.test { client in
            let response = try await Support.send(client, .get, "/api/agents/evals?agent=evo&action=history&weeks=2")
            #expect(response.status == .ok)
            let history = try #require(response.json["history"] as? [[String: Any]])
            #expect(history.count == 2)
            #expect(history[1]["output"] as? Double == 0.75)
            #expect(history[1]["trace"] as? Double == 0.8)
            #expect(history[1]["component"] as? Double == 0.6667)
            #expect(history[0]["output"] as? Double == 0.5)
            #expect(history[0]["trace"] as? Double == 0.1)
            #expect(history[0]["component"] as? Double == 1)
            let start = try #require(history[1]["week_start"] as? Int)
            #expect((history[0]["week_end"] as? Int).map { $0 + 1 } == start)
            let timeline = try #require(response.json["driftTimeline"] as? [[String: Any]])
            #expect(timeline[1]["drifted"] as? Bool == true)
            #expect(timeline[1]["baseline"] as? Double == 0.5)
            #expect(timeline[0]["drifted"] as? Bool == false)
            #expect(timeline[0]["baseline"] is NSNull)
            let week = try await Support.send(client, .get, "/api/agents/evals?agent=evo&action=history&weeks=1")
            #expect((week.json["history"] as? [Any])?.count == 1)
            let year = try await Support.send(client, .get, "/api/agents/evals?agent=evo&action=history&weeks=52")
            #expect((year.json["history"] as? [Any])?.count == 52)
        }
    }

    @Test func goldenSetsAreUpsertedByAdmins() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let entries = (0..<1000).map { #"{"input":"q\#($0)"}"# }.joined(separator: ",")
            let name = String(repeating: "n", count: 100)
            let saved = try await Support.send(
                client, .post, "/api/agents/evals",
                #"{"action":"golden-set","name":"\#(name)","entries":[\#(entries)]}"#)
            #expect(saved.status == .ok)
            #expect(saved.json["success"] as? Bool == true)
            #expect(saved.json["name"] as? String == name)
            let replaced = try await Support.send(
                client, .post, "/api/agents/evals", #"{"action":"golden-set","name":"\#(name)","entries":[1,2]}"#)
            #expect(replaced.status == .ok)
            let described = try await Support.send(
                client, .post, "/api/agents/evals",
                #"{"action":"golden-set","name":"described","description":"\#(String(repeating: "d", count: 500))"}"#)
            #expect(described.status == .ok)
            let operatorToken = try await Support.user(app.dependencies.database, "op", role: "operator")
            let refused = try await Support.send(
                client, .post, "/api/agents/evals", #"{"action":"golden-set","name":"x","entries":[]}"#,
                headers: Support.session(operatorToken))
            #expect(refused.status == .forbidden)
            #expect(refused.text == #"{"error":"Admin role required for golden-set"}"#)
            let run = try await Support.send(
                client, .post, "/api/agents/evals", #"{"action":"run","agent":"nobody"}"#,
                headers: Support.session(operatorToken))
            #expect(run.status == .notFound)
        }
        let rows = try await Support.rows(app.dependencies.database, "SELECT entries, created_by FROM eval_golden_sets ORDER BY id")
        #expect(rows.count == 2)
        #expect(rows.first?["entries"] == "[1,2]")
        #expect(rows.first?["created_by"] == "api")
        let audits = try await Fixture.value(
            app, "SELECT COUNT(*) FROM audit_log WHERE action = 'eval_golden_set_saved'", as: Int.self)
        #expect(audits == 3)
    }

    @Test(arguments: [
        (#"{}"#, "Unknown action"),
        (#"{"action":"grade"}"#, "Unknown action"),
        (#"{"action":"run"}"#, "agent is required"),
        (#"{"action":"run","agent":""}"#, "agent is required"),
        (#"{"action":"run","agent":"evo","layer":"vibes"}"#, "layer must be one of: output, trace, component, drift"),
        (#"{"action":"golden-set"}"#, "name is required"),
        (
            #"{"action":"golden-set","name":"\#(String(repeating: "n", count: 101))"}"#,
            "name must be at most 100 characters"
        ),
        (#"{"action":"golden-set","name":"g","entries":{}}"#, "entries must be an array"),
        (
            #"{"action":"golden-set","name":"g","entries":[\#(Array(repeating: "0", count: 1001).joined(separator: ","))]}"#,
            "entries must have at most 1000 items"
        ),
        (
            #"{"action":"golden-set","name":"g","description":"\#(String(repeating: "d", count: 501))"}"#,
            "description must be at most 500 characters"
        ),
    ])
    func invalidPostsAreRefused(body: String, message: String) async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let response = try await Support.send(client, .post, "/api/agents/evals", body)
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"\#(message)"}"#)
        }
    }

    @Test func invalidQueriesAreRefused() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await app.test { client in
            for (query, message) in [
                ("", "agent is required"), ("agent=", "agent is required"),
                ("agent=evo&action=chart", "Unknown action"),
                ("agent=evo&weeks=0", "weeks must be an integer from 1 to 52"),
                ("agent=evo&weeks=53", "weeks must be an integer from 1 to 52"),
                ("agent=evo&action=history&weeks=four", "weeks must be an integer from 1 to 52"),
            ] {
                let response = try await Support.send(client, .get, "/api/agents/evals?\(query)")
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.text == #"{"error":"\#(message)"}"#, "\(query)")
            }
            let unknown = try await Support.send(client, .get, "/api/agents/evals?agent=ghost")
            #expect(unknown.status == .notFound)
            #expect(unknown.text == #"{"error":"Agent not found"}"#)
            let viewer = try await Support.user(app.dependencies.database, "watcher", role: "viewer")
            let denied = try await Support.send(
                client, .get, "/api/agents/evals?agent=evo", headers: Support.session(viewer))
            #expect(denied.text == #"{"error":"Requires operator role or higher"}"#)
        }
    }

    @Test func anotherWorkspacesAgentIsNotEvaluated() async throws {
        let app = try await TestApplication()
        try await Fixture.execute(app, "INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (2, 'two', 'Two', 1)")
        try await Fixture.execute(app, "INSERT INTO agents (name, role, workspace_id) VALUES ('far', 'coder', 2)")
        try await app.test { client in
            let latest = try await Support.send(client, .get, "/api/agents/evals?agent=far")
            #expect(latest.status == .notFound)
            let run = try await Support.send(client, .post, "/api/agents/evals", #"{"action":"run","agent":"far"}"#)
            #expect(run.status == .notFound)
            let report = try await Support.send(client, .get, "/api/agents/optimize?agent=far")
            #expect(report.status == .notFound)
        }
    }
}
