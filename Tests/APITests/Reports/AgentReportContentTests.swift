import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// What `GET /api/agents/{id}/attribution` and `/diagnostics` report, from hand-built rows.
@Suite struct AgentReportContentTests {
    typealias S = ReportTestSupport

    /// Agent `alpha` (with a session key, a live and a revoked key, tasks, comments, audit rows,
    /// activities and token usage), rows of other agents, and an old row outside a 1 h window.
    static func seed(_ app: TestApplication) async throws -> String {
        try await S.addWorkspace(app)
        let now = S.now
        let alpha = try await S.agent(
            app, "alpha", extra: ["session_key": "secret-session", "last_seen": now - 30, "config": #"{"model":"m","tools":[]}"#])
        try await S.agent(app, "alphabet")
        let key = try await S.key(app, agentID: alpha)
        _ = try await S.key(app, agentID: alpha, scopes: #"["operator"]"#, revoked: true)
        try await S.task(app, "open low", ["assigned_to": "alpha", "status": "assigned", "priority": "low"])
        try await S.task(app, "open critical", ["assigned_to": "alpha", "status": "in_progress", "priority": "critical"])
        try await S.task(app, "finished", ["assigned_to": "alpha", "status": "done", "completed_at": now - 60, "updated_at": now - 60])
        try await S.task(
            app, "broken", ["assigned_to": "alpha", "status": "failed", "error_message": "boom", "updated_at": now - 120])
        try await S.task(
            app, "old error", ["assigned_to": "alpha", "status": "failed", "error_message": "ancient", "updated_at": now - 90_000])
        let task = try await S.task(app, "someone else's", ["assigned_to": "beta", "status": "assigned"])
        try await S.insert(app, "comments", ["task_id": task, "author": "alpha", "content": "looks good", "created_at": now - 10])
        for (actor, at, workspace) in [("agent:alpha", now - 50, 1), ("alpha", now - 90_000, 1), ("alpha", now - 50, 2), ("beta", now - 50, 1)] {
            try await S.insert(
                app, "audit_log",
                ["action": "agent_self_register", "actor": actor, "detail": #"{"name":"alpha"}"#, "created_at": at, "workspace_id": workspace])
        }
        try await S.activity(app, type: "task_updated", actor: "alpha", at: now - 100, data: #"{"changes":["status"]}"#)
        try await S.activity(app, type: "task_updated", actor: "alpha", at: now - 40)
        try await S.activity(app, type: "task_dispatch_failed", actor: "alpha", at: now - 20)
        try await S.activity(app, type: "agent_heartbeat", actor: "agent:alpha", at: now - 10)
        try await S.activity(app, type: "task_updated", actor: "alpha", at: now - 90_000)
        try await S.activity(app, type: "task_updated", actor: "alphabet", at: now - 10)
        try await S.activity(app, type: "task_updated", actor: "alpha", at: now - 10, workspaceID: 2)
        let usage: [(String?, String, String, Int, Int, Double?, Int64, Int64)] = [
            ("alpha", "alpha:cli", "m1", 100, 50, 0.5, now - 100, 1),
            (nil, "alpha:cli", "m2", 10, 5, nil, now - 100, 1),
            (nil, "alpha", "m1", 1, 1, 0.25, now - 100, 1),
            (nil, "alphabet:cli", "m1", 1_000, 1_000, 9, now - 100, 1),
            ("alpha", "alpha:cli", "m1", 1_000, 1_000, 9, now - 100, 2),
            ("alpha", "alpha:cli", "m1", 1_000, 1_000, 9, now - 90_000, 1),
        ]
        for (agent, session, model, input, output, cost, at, workspace) in usage {
            try await S.insert(
                app, "token_usage",
                [
                    "agent_name": agent, "session_id": session, "model": model, "input_tokens": input, "output_tokens": output,
                    "cost_usd": cost, "created_at": at, "workspace_id": workspace,
                ])
        }
        return key
    }

    @Test func attributionReportsIdentityAuditMutationsAndCost() async throws {
        let app = try await TestApplication()
        let key = try await Self.seed(app)
        try await app.test { client in
            let response = try await S.send(
                client, .get, "/api/agents/alpha/attribution?hours=1", headers: AgentTestSupport.agentKey(key))
            #expect(response.status == .ok)
            let json = response.json
            #expect(S.value(json, "identity.name") as? String == "alpha")
            #expect(S.value(json, "identity.session_key") as? String == "***")
            #expect(S.value(json, "identity.has_soul") as? Bool == false)
            #expect(S.value(json, "identity.config_keys") as? [String] == ["model", "tools"])
            #expect(S.int(json, "identity.api_keys.total") == 2)
            #expect(S.int(json, "identity.api_keys.active") == 1)
            #expect(S.int(json, "identity.lifetime_stats.tasks_total") == 5)
            #expect(S.int(json, "identity.lifetime_stats.tasks_completed") == 1)
            #expect(S.int(json, "identity.lifetime_stats.tasks_active") == 2)
            #expect(S.int(json, "identity.lifetime_stats.comments_authored") == 1)
            #expect(S.int(json, "audit.total") == 1)
            #expect(S.value(json, "audit.entries.0.actor") as? String == "agent:alpha")
            #expect(S.value(json, "audit.entries.0.detail.name") as? String == "alpha")
            #expect(S.int(json, "mutations.total") == 4)
            #expect(S.value(json, "mutations.by_type") as? [String: Int] == ["task_updated": 2, "task_dispatch_failed": 1, "agent_heartbeat": 1])
            #expect((S.value(json, "mutations.activities") as? [Any])?.count == 4)
            #expect(S.value(json, "mutations.activities.3.data.changes.0") as? String == "status")
            #expect(S.value(json, "mutations.comments.0.task_title") as? String == "someone else's")
            #expect(S.value(json, "mutations.comments.0.content_preview") as? String == "looks good")
            #expect(S.int(json, "cost.total.requests") == 3)
            #expect(S.int(json, "cost.total.input_tokens") == 111)
            #expect(S.int(json, "cost.total.output_tokens") == 56)
            #expect(S.int(json, "cost.total.total_tokens") == 167)
            #expect(S.value(json, "cost.total.cost_usd") as? Double == 0.75)
            #expect(S.value(json, "cost.by_model.0.model") as? String == "m1")
            #expect(S.int(json, "cost.by_model.0.requests") == 2)
            #expect(S.value(json, "cost.by_model.1.cost_usd") is NSNull)
            #expect((S.value(json, "cost.daily_trend.0.date") as? String)?.count == 10)
        }
    }

    @Test func sessionKeyIsNullWhenUnset() async throws {
        let app = try await TestApplication()
        try await S.agent(app, "plain")
        try await app.test { client in
            let response = try await S.send(client, .get, "/api/agents/plain/attribution?privileged=1&section=identity,cost")
            #expect(response.status == .ok)
            #expect(S.value(response.json, "identity.session_key") is NSNull)
            #expect(S.int(response.json, "cost.total.requests") == 0)
            #expect(S.value(response.json, "cost.total.cost_usd") is NSNull)
            #expect(response.json["audit"] == nil)
        }
    }

    @Test func diagnosticsReportsLivenessWorkErrorsActivityTrendsAndTokens() async throws {
        let app = try await TestApplication()
        let key = try await Self.seed(app)
        try await app.test { client in
            let response = try await S.send(
                client, .get, "/api/agents/alpha/diagnostics?hours=2", headers: AgentTestSupport.agentKey(key))
            #expect(response.status == .ok)
            let json = response.json
            #expect(S.value(json, "agent.name") as? String == "alpha")
            #expect(S.value(json, "summary.status") as? String == "idle")
            let seconds = try #require(S.int(json, "summary.seconds_since_heartbeat"))
            #expect((30...40).contains(seconds))
            #expect(S.value(json, "summary.tasks_by_status") as? [String: Int] == ["assigned": 1, "in_progress": 1, "done": 1, "failed": 2])
            #expect(S.int(json, "summary.tasks_total") == 5)
            #expect(S.int(json, "summary.tasks_completed") == 1)
            #expect(S.int(json, "summary.activity_count") == 4)
            #expect(S.int(json, "summary.error_count") == 1)
            #expect(S.value(json, "summary.error_rate_percent") as? Double == 25)
            #expect(S.int(json, "tasks.total") == 4)
            let open = (S.value(json, "tasks.open") as? [[String: Any]])?.map { $0["title"] as? String }
            #expect(open == ["open critical", "broken", "old error", "open low"])
            #expect((S.value(json, "errors.task_errors") as? [[String: Any]])?.map { $0["error_message"] as? String } == ["boom"])
            #expect(S.value(json, "errors.activity_errors.by_type.0.type") as? String == "task_dispatch_failed")
            #expect(S.int(json, "errors.activity_errors.recent.0.entity_id") == 1)
            #expect(S.int(json, "errors.total") == 2)
            #expect(S.int(json, "activity.total") == 4)
            #expect(S.value(json, "activity.by_type.0.type") as? String == "task_updated")
            #expect(S.int(json, "activity.by_type.0.count") == 2)
            let hourly = try #require(S.value(json, "trends.hourly") as? [[String: Any]])
            #expect((2...3).contains(hourly.count))
            #expect(hourly.compactMap { $0["count"] as? Int }.reduce(0, +) == 4)
            #expect((hourly.last?["hour"] as? String)?.hasSuffix(":00:00Z") == true)
            #expect(S.int(json, "trends.bucket_seconds") == 3600)
            #expect(S.int(json, "tokens.total.input_tokens") == 111)
            #expect(S.value(json, "tokens.by_model.0.model") as? String == "m1")
        }
    }
}
