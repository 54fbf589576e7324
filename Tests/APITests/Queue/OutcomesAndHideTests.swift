import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `GET /api/tasks/outcomes` numbers on a small fixture, and `POST/DELETE /api/agents/{id}/hide`.
@Suite struct OutcomesAndHideTests {
    typealias Q = QueueTestSupport

    @Test func outcomeSummaryOfDoneTasks() async throws {
        let app = try await TestApplication()
        let now = Int64(Date().timeIntervalSince1970)
        try await Q.task(app, "a", status: "done", priority: "high", assignedTo: "ann", createdAt: now - 100, outcome: "success", completedAt: now - 40)
        try await Q.task(app, "b", status: "done", priority: "high", assignedTo: "ann", createdAt: now - 200, outcome: "failed", retryCount: 2, errorMessage: "boom", completedAt: now - 100)
        try await Q.task(app, "c", status: "done", assignedTo: "bob", createdAt: now - 300, outcome: "success", retryCount: 1, errorMessage: "boom", completedAt: now - 200)
        try await Q.task(app, "d", status: "done", createdAt: now - 50, errorMessage: "flaky", completedAt: now - 50)
        // Outside a week, another workspace, and not done: none of them count.
        try await Q.task(app, "old", status: "done", assignedTo: "ann", createdAt: now - 40 * 86_400, outcome: "success", completedAt: now - 10 * 86_400)
        try await Q.task(app, "open", status: "in_progress", assignedTo: "ann", outcome: "success")
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "INSERT INTO workspaces (slug, name, tenant_id) VALUES ('other', 'Other', 1)")
        }
        let otherWorkspace: [Int64] = try await TaskTestSupport.column(app, "SELECT id FROM workspaces WHERE slug = 'other'")
        try await Q.task(app, "elsewhere", status: "done", outcome: "success", completedAt: now, workspaceID: otherWorkspace[0])
        try await app.test { client in
            let week = try await TaskTestSupport.send(client, .get, "/api/tasks/outcomes?timeframe=week")
            #expect(week.status == .ok)
            #expect(week.json["timeframe"] as? String == "week")
            #expect(week.json["record_count"] as? Int == 4)
            let summary = try #require(week.json["summary"] as? [String: Any])
            #expect(summary["total_done"] as? Int == 4)
            #expect(summary["with_outcome"] as? Int == 3)
            #expect(summary["by_outcome"] as? [String: Int] == ["success": 2, "failed": 1, "partial": 0, "abandoned": 0, "unknown": 1])
            #expect(summary["avg_retry_count"] as? Double == 0.75)
            #expect(summary["avg_time_to_resolution_seconds"] as? Double == 65)
            #expect(summary["success_rate"] as? Double == 0.6667)
            let agents = try #require(week.json["by_agent"] as? [String: [String: Any]])
            #expect(Set(agents.keys) == ["ann", "bob", "unassigned"])
            #expect(agents["ann"]?["total"] as? Int == 2)
            #expect(agents["ann"]?["success_rate"] as? Double == 0.5)
            #expect(agents["unassigned"]?["success_rate"] as? Int == 0)
            let priorities = try #require(week.json["by_priority"] as? [String: [String: Any]])
            #expect(priorities["medium"]?["total"] as? Int == 2)
            #expect(priorities["medium"]?["success"] as? Int == 1)
            let errors = try #require(week.json["common_errors"] as? [[String: Any]])
            #expect(errors.map { $0["error_message"] as? String } == ["boom", "flaky"])
            #expect(errors.map { $0["count"] as? Int } == [2, 1])

            let all = try await TaskTestSupport.send(client, .get, "/api/tasks/outcomes")
            #expect(all.json["timeframe"] as? String == "all")
            #expect(all.json["record_count"] as? Int == 5)
            let bad = try await TaskTestSupport.send(client, .get, "/api/tasks/outcomes?timeframe=year")
            #expect(bad.status == .badRequest)
            #expect(bad.text == #"{"error":"Invalid timeframe. Expected one of: day, week, month, all."}"#)
            let day = try await TaskTestSupport.send(client, .get, "/api/tasks/outcomes?timeframe=day")
            #expect(day.json["record_count"] as? Int == 4)

            let viewer = try await AgentTestSupport.user(app.dependencies.database, "vic", role: "viewer")
            let asViewer = try await AgentTestSupport.send(
                client, .get, "/api/tasks/outcomes", headers: AgentTestSupport.session(viewer))
            #expect(asViewer.status == .ok)
        }
    }

    @Test func hideAndShowAnAgent() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await AgentTestSupport.createAgent(client, "shy")
            try await AgentTestSupport.createAgent(client, "open")
            let hidden = try await AgentTestSupport.send(client, .post, "/api/agents/\(id)/hide")
            #expect(hidden.status == .ok)
            #expect(hidden.json["hidden"] as? Bool == true)
            #expect(hidden.json["agent_id"] as? Int == id)
            #expect(hidden.json["success"] as? Bool == true)

            let names = { (uri: String) async throws -> [String] in
                let list = try await AgentTestSupport.send(client, .get, uri).json["agents"] as? [[String: Any]] ?? []
                return list.compactMap { $0["name"] as? String }.sorted()
            }
            #expect(try await names("/api/agents") == ["open"])
            #expect(try await names("/api/agents?show_hidden=true") == ["open", "shy"])

            let shown = try await AgentTestSupport.send(client, .delete, "/api/agents/shy/hide")
            #expect(shown.status == .ok)
            #expect(shown.json["hidden"] as? Bool == false)
            #expect(try await names("/api/agents") == ["open", "shy"])

            let events = try await AgentTestSupport.eventTypes(app.dependencies.database)
            #expect(events.filter { $0 == "agent.updated" }.count == 2)

            let missing = try await AgentTestSupport.send(client, .post, "/api/agents/9999/hide")
            #expect(missing.status == .notFound)
            #expect(missing.text == #"{"error":"Agent not found"}"#)

            let viewer = try await AgentTestSupport.user(app.dependencies.database, "vi", role: "viewer")
            let denied = try await AgentTestSupport.send(
                client, .post, "/api/agents/\(id)/hide", headers: AgentTestSupport.session(viewer))
            #expect(denied.status == .forbidden)
            #expect(denied.text == #"{"error":"Requires operator role or higher"}"#)
        }
    }
}
