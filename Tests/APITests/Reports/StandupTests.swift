import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `POST /api/standup` and `GET /api/standup` (reference §7.7, §9.6).
@Suite struct StandupTests {
    typealias S = ReportTestSupport
    /// 2026-03-10T00:00:00Z.
    static let day: Int64 = 1_773_100_800

    /// Two agents of workspace 1 with tasks in every standup state, activity and a comment.
    static func seed(_ app: TestApplication) async throws {
        try await S.agent(app, "alpha")
        try await S.agent(app, "beta", extra: ["role": "reviewer"])
        try await S.task(app, "done today", ["assigned_to": "alpha", "status": "done", "updated_at": day + 3_600])
        try await S.task(app, "done yesterday", ["assigned_to": "alpha", "status": "done", "updated_at": day - 10, "due_date": 5])
        try await S.task(app, "working", ["assigned_to": "alpha", "status": "in_progress", "created_at": 100, "due_date": 50])
        try await S.task(app, "low", ["assigned_to": "alpha", "status": "assigned", "priority": "low", "created_at": 50])
        try await S.task(app, "critical", ["assigned_to": "alpha", "status": "assigned", "priority": "critical", "created_at": 60])
        try await S.task(app, "in review", ["assigned_to": "alpha", "status": "review"])
        try await S.task(app, "in qa", ["assigned_to": "alpha", "status": "quality_review"])
        try await S.task(
            app, "stuck", ["assigned_to": "alpha", "status": "in_progress", "priority": "high", "metadata": #"{"blocked":true}"#, "created_at": 200])
        try await S.task(app, "urgent", ["assigned_to": "alpha", "status": "inbox", "priority": "urgent", "created_at": 300])
        try await S.task(app, "was blocked", ["assigned_to": "alpha", "status": "done", "metadata": #"{"blocked":true}"#])
        try await S.task(app, "beta done", ["assigned_to": "beta", "status": "done", "updated_at": day + 7_200])
        let commentTask = try await S.task(app, "other", [:])
        try await S.insert(app, "comments", ["task_id": commentTask, "author": "alpha", "content": "hi", "created_at": day + 5])
        try await S.insert(app, "comments", ["task_id": commentTask, "author": "alpha", "content": "old", "created_at": day - 5])
        try await S.activity(app, type: "task_updated", actor: "alpha", at: day + 1)
        try await S.activity(app, type: "task_updated", actor: "alpha", at: day + 86_399)
        try await S.activity(app, type: "agent_heartbeat", actor: "agent:alpha", at: day + 100)
        try await S.activity(app, type: "task_updated", actor: "alpha", at: day + 86_400)
    }

    @Test func reportListsEachAgentsWorkOfTheDay() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await app.test { client in
            let response = try await S.send(client, .post, "/api/standup", #"{"date":"2026-03-10"}"#)
            #expect(response.status == .ok)
            let standup = try #require(response.json["standup"] as? [String: Any])
            #expect(standup["date"] as? String == "2026-03-10")
            let summary = try #require(standup["summary"] as? [String: Int])
            #expect(summary == [
                "totalAgents": 2, "totalCompleted": 2, "totalInProgress": 2, "totalAssigned": 2, "totalReview": 2,
                "totalBlocked": 2, "totalActivity": 3, "overdue": 1,
            ])
            let reports = try #require(standup["agentReports"] as? [[String: Any]])
            #expect(reports.map { S.value($0, "agent.name") as? String } == ["alpha", "beta"])
            let alpha = reports[0]
            func titles(_ key: String) -> [String] { (alpha[key] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? [] }
            #expect(titles("completedToday") == ["done today"])
            #expect(titles("inProgress") == ["working", "stuck"])
            #expect(titles("assigned") == ["critical", "low"])
            #expect(titles("review") == ["in review", "in qa"])
            #expect(titles("blocked") == ["urgent", "stuck"])
            #expect(S.value(alpha, "blocked.1.metadata.blocked") as? Bool == true)
            #expect(S.int(alpha, "activity.actionCount") == 3)
            #expect(S.int(alpha, "activity.commentsCount") == 1)
            #expect(S.value(alpha, "agent.role") as? String == "coder")
            let team = try #require(standup["teamAccomplishments"] as? [[String: Any]])
            #expect(team.map { $0["title"] as? String } == ["beta done", "done today"])
            #expect(team.map { $0["agent"] as? String } == ["beta", "alpha"])
            let blockers = try #require(standup["teamBlockers"] as? [[String: Any]])
            #expect(blockers.map { $0["title"] as? String } == ["urgent", "stuck"])
            #expect(blockers.allSatisfy { $0["agent"] as? String == "alpha" && $0["priority_rank"] == nil })
            let overdue = try #require(standup["overdueTasks"] as? [[String: Any]])
            #expect(overdue.map { $0["title"] as? String } == ["working"])
            #expect(overdue.first?["agent_name"] as? String == "alpha")
            #expect((standup["generatedAt"] as? String)?.hasSuffix("Z") == true)

            let filtered = try await S.send(client, .post, "/api/standup", #"{"date":"2026-03-10","agents":["beta"]}"#)
            #expect(S.int(filtered.json, "standup.summary.totalAgents") == 1)
            #expect(S.int(filtered.json, "standup.summary.totalCompleted") == 1)
        }
        let activities = try await AgentTestSupport.rows(
            app.dependencies.database, "SELECT * FROM activities WHERE type = 'standup_generated' ORDER BY id")
        #expect(activities.count == 2)
        #expect(activities.first?["entity_type"] == "standup")
        #expect(activities.first?["entity_id"] == 0)
        #expect(activities.first?["actor"] == "api")
        #expect(activities.first?["description"] == "Generated daily standup for 2026-03-10")
        let data = try JSONValue.parse(try #require(activities.first?["data"]?.stringValue))
        #expect(data["agentCount"] == 2)
        #expect(data["tasksSummary"]?["blocked"] == 2)
        #expect(try await AgentTestSupport.eventTypes(app.dependencies.database).filter { $0 == "activity.created" }.count == 2)
    }

    @Test func defaultDateIsTodayInUTCAndAnEmptyBodyIsAccepted() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let response = try await S.send(client, .post, "/api/standup")
            #expect(response.status == .ok)
            #expect(S.value(response.json, "standup.date") as? String == StandupInput.dayString(Date()))
        }
    }

    @Test(arguments: [
        (#"{"date":"2026-02-30"}"#, StandupInput.dateMessage),
        (#"{"date":"2026-2-3"}"#, StandupInput.dateMessage),
        (#"{"date":"2026-13-01"}"#, StandupInput.dateMessage),
        (#"{"date":"yesterday"}"#, StandupInput.dateMessage),
        (#"{"date":20260310}"#, StandupInput.dateMessage),
        (#"{"agents":"alpha"}"#, StandupInput.agentsMessage),
        (#"{"agents":["alpha",1]}"#, StandupInput.agentsMessage),
        ("[1]", "Invalid request body"),
    ])
    func invalidBodiesAre400(body: String, message: String) async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let response = try await S.send(client, .post, "/api/standup", body)
            #expect(response.status == .badRequest)
            #expect(response.json["error"] as? String == message)
        }
    }

    @Test func calendarDatesAreChecked() {
        #expect(StandupInput.isCalendarDate("2024-02-29"))
        #expect(!StandupInput.isCalendarDate("2023-02-29"))
        #expect(!StandupInput.isCalendarDate("1900-02-29"))
        #expect(StandupInput.isCalendarDate("2000-02-29"))
        #expect(StandupInput.isCalendarDate("2026-12-31"))
        #expect(!StandupInput.isCalendarDate("2026-04-31"))
        #expect(!StandupInput.isCalendarDate("2026-00-10"))
        #expect(!StandupInput.isCalendarDate("2026-01-00"))
        #expect(!StandupInput.isCalendarDate("2026-01-1a"))
        #expect(!StandupInput.isCalendarDate("２０２６-01-01"))
        #expect(StandupInput.dayWindow("2026-03-10") == Self.day...(Self.day + 86_399))
    }

    @Test func workspacesKeepTheirOwnReportOfTheSameDay() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await S.addWorkspace(app)
        try await S.agent(app, "gamma", workspaceID: 2)
        let other = try await AgentTestSupport.user(app.dependencies.database, "other-op", role: "operator", workspaceID: 2)
        try await app.test { client in
            #expect(try await S.send(client, .post, "/api/standup", #"{"date":"2026-03-10"}"#).status == .ok)
            let second = try await S.send(
                client, .post, "/api/standup", #"{"date":"2026-03-10"}"#, headers: AgentTestSupport.session(other))
            #expect(second.status == .ok)
            #expect(S.int(second.json, "standup.summary.totalAgents") == 1)
            let mine = try await S.send(client, .get, "/api/standup")
            #expect(S.int(mine.json, "total") == 1)
            #expect(S.int(mine.json, "history.0.agentCount") == 2)
            let theirs = try await S.send(client, .get, "/api/standup", headers: AgentTestSupport.session(other))
            #expect(S.int(theirs.json, "total") == 1)
            #expect(S.int(theirs.json, "history.0.agentCount") == 1)
        }
        let stored = try await AgentTestSupport.rows(
            app.dependencies.database, "SELECT workspace_id FROM standup_reports WHERE date = '2026-03-10' ORDER BY workspace_id")
        #expect(stored.map { $0["workspace_id"] } == [1, 2])
    }

    @Test func historyPagesNewestFirstAndRegeneratingReplacesTheDay() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            for date in ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-02"] {
                #expect(try await S.send(client, .post, "/api/standup", #"{"date":"\#(date)"}"#).status == .ok)
            }
            // Generation times one per day, so the order does not hang on the clock's second.
            try await app.dependencies.database.pool.write { db in
                try db.execute(sql: "UPDATE standup_reports SET created_at = CAST(substr(date, 9, 2) AS INTEGER)")
            }
            let first = try await S.send(client, .get, "/api/standup?limit=2")
            #expect(S.int(first.json, "total") == 3)
            #expect(S.int(first.json, "page") == 1)
            #expect(S.int(first.json, "limit") == 2)
            let dates = (first.json["history"] as? [[String: Any]])?.map { $0["date"] as? String }
            #expect(dates == ["2026-03-03", "2026-03-02"])
            #expect(S.value(first.json, "history.0.id") as? String == "2026-03-03-0")
            #expect(S.value(first.json, "history.0.summary.totalAgents") as? Int == 0)
            #expect((S.value(first.json, "history.0.generatedAt") as? String)?.isEmpty == false)
            let second = try await S.send(client, .get, "/api/standup?limit=2&offset=2")
            #expect(S.int(second.json, "page") == 2)
            #expect((second.json["history"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2026-03-01"])
            #expect(S.int(try await S.send(client, .get, "/api/standup").json, "limit") == 10)
            #expect(S.int(try await S.send(client, .get, "/api/standup?limit=200").json, "limit") == 200)
            #expect(S.int(try await S.send(client, .get, "/api/standup?limit=201").json, "limit") == 200)
            #expect(S.int(try await S.send(client, .get, "/api/standup?limit=abc").json, "limit") == 10)
        }
    }
}
