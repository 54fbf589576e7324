import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `GET` (read-only) and `POST` (record) `/api/agents/{id}/heartbeat`, token usage and agent
/// self-scoping.
@Suite struct AgentHeartbeatTests {
    typealias Support = AgentTestSupport

    @Test func getIsReadOnlyAndListsWorkItems() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await Support.createAgent(client, "coder-1")
            let quiet = try await Support.send(client, .get, "/api/agents/\(id)/heartbeat")
            #expect(quiet.json["status"] as? String == "HEARTBEAT_OK")
            #expect(quiet.json["message"] as? String == "No work items found")
            try await app.dependencies.database.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO tasks (title, status, priority, assigned_to, metadata, created_at) VALUES
                          ('low one', 'assigned', 'low', 'coder-1', '{"implementation_repo":"mc/api"}', 1),
                          ('urgent one', 'in_progress', 'critical', 'coder-1', NULL, 2),
                          ('medium one', 'assigned', 'medium', 'coder-1', 'not json', 3),
                          ('finished', 'done', 'high', 'coder-1', NULL, 4)
                        """)
                for index in 1...7 {
                    try db.execute(
                        sql: "INSERT INTO notifications (recipient, type, title, message) VALUES ('coder-1', 'mention', ?, 'm')",
                        arguments: ["n\(index)"])
                }
                try db.execute(sql: "UPDATE notifications SET read_at = 1 WHERE title = 'n1'")
                try db.execute(
                    sql: """
                        INSERT INTO activities (type, entity_type, entity_id, actor, description) VALUES
                          ('task_assigned', 'task', 1, 'x', 'Assigned to coder-1'), ('task_updated', 'task', 1, 'x', 'coder-1')
                        """)
            }
            let busy = try await Support.send(client, .get, "/api/agents/coder-1/heartbeat")
            #expect(busy.json["status"] as? String == "WORK_ITEMS_FOUND")
            let groups = try #require(busy.json["work_items"] as? [[String: Any]])
            #expect(groups.map { $0["type"] as? String } == ["assigned_tasks", "notifications", "urgent_activities"])
            let tasks = try #require(groups[0]["items"] as? [[String: Any]])
            #expect(tasks.map { $0["title"] as? String } == ["urgent one", "medium one", "low one"])
            #expect(tasks[2]["implementation_repo"] as? String == "mc/api")
            #expect(groups[1]["count"] as? Int == 6)
            #expect((groups[1]["items"] as? [Any])?.count == 5)
            #expect(groups[2]["count"] as? Int == 1)
            #expect(busy.json["total_items"] as? Int == 10)
        }
        // Read-only: nothing about the agent changed and no activity or event was written.
        let (status, lastSeen, events) = try await app.dependencies.database.read { db in
            (
                try String.fetchOne(db, sql: "SELECT status FROM agents"),
                try Int64.fetchOne(db, sql: "SELECT last_seen FROM agents"),
                try String.fetchAll(db, sql: "SELECT type FROM events ORDER BY id")
            )
        }
        #expect(status == "offline")
        #expect(lastSeen == nil)
        #expect(events == ["activity.created", "agent.created"])
    }

    @Test func postRecordsTheHeartbeatAndAnnouncesOnlyStatusChanges() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await Support.createAgent(client, "beater")
            let first = try await Support.send(client, .post, "/api/agents/\(id)/heartbeat")
            #expect(first.json["status"] as? String == "HEARTBEAT_OK")
            #expect(first.json["token_recorded"] as? Bool == false)
            _ = try await Support.send(client, .post, "/api/agents/\(id)/heartbeat", "{}")
            _ = try await Support.send(client, .post, "/api/agents/\(id)/heartbeat", #"{"status":"busy","last_activity":"testing"}"#)
        }
        let database = app.dependencies.database
        let row = try await Support.rows(database, "SELECT status, last_seen, last_activity FROM agents").first
        let events = try await Support.rows(database, "SELECT type, payload FROM events WHERE type = 'agent.status_changed' ORDER BY id")
        let activities = try await Support.rows(database, "SELECT COUNT(*) AS n FROM activities").first?["n"]?.intValue
        #expect(row?["status"] == "busy")
        #expect(row?["last_activity"] == "testing")
        #expect(row?["last_seen"]?.intValue != nil)
        // offline → idle, idle → busy; the repeated idle heartbeat announced nothing.
        #expect(events.count == 2)
        #expect(events.first?["payload"]?.stringValue?.contains(#""status":"idle""#) == true)
        // No activity row per heartbeat: the creation's and one per status change.
        #expect(activities == 3)
    }

    @Test func postRecordsTokenUsageOncePerIdempotencyKey() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Support.createAgent(client, "spender")
            try await app.dependencies.database.pool.write { db in
                try db.execute(sql: "INSERT INTO tasks (id, title) VALUES (7, 't')")
            }
            let usage = #"{"token_usage":{"model":"claude","inputTokens":10,"outputTokens":5,"taskId":7,"idempotency_key":"hb-1"}}"#
            for _ in 0..<2 {
                let response = try await Support.send(client, .post, "/api/agents/spender/heartbeat", usage)
                #expect(response.json["token_recorded"] as? Bool == true)
            }
            let unknownTask = #"{"token_usage":{"model":"claude","inputTokens":1,"outputTokens":1,"taskId":99}}"#
            _ = try await Support.send(client, .post, "/api/agents/spender/heartbeat", unknownTask)
        }
        let rows = try await Support.rows(
            app.dependencies.database,
            "SELECT model, session_id, input_tokens, output_tokens, task_id, agent_name FROM token_usage ORDER BY id")
        #expect(rows.count == 2)
        #expect(rows[0]["session_id"] == "spender:cli")
        #expect(rows[0]["task_id"] == 7)
        #expect(rows[0]["input_tokens"] == 10)
        #expect(rows[1]["task_id"] == .null)
    }

    @Test(arguments: [
        (#"{"status":"error"}"#, "status must be one of online, idle, busy"),
        (#"{"token_usage":5}"#, "token_usage must be an object"),
        (#"{"token_usage":{"inputTokens":1,"outputTokens":1}}"#, "token_usage.model must be a string of 1 to 200 characters"),
        (#"{"token_usage":{"model":"m","inputTokens":-1,"outputTokens":1}}"#,
         "token_usage.inputTokens and token_usage.outputTokens must be non-negative integers"),
        (#"{"token_usage":{"model":"m","inputTokens":1,"outputTokens":1,"taskId":"x"}}"#, "token_usage.taskId must be a positive integer"),
        (#"{"token_usage":{"model":"m","inputTokens":1,"outputTokens":1,"idempotency_key":""}}"#,
         "token_usage.idempotency_key must be a string of 1 to 200 characters"),
    ])
    func postValidatesItsBody(body: String, message: String) async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "strict")
            let response = try await Support.send(client, .post, "/api/agents/strict/heartbeat", body)
            #expect(response.status == .badRequest)
            #expect(response.json["error"] as? String == message)
        }
    }

    @Test func postLimitsAreInclusive() async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "edge")
            let activity = String(repeating: "a", count: 500)
            let key = String(repeating: "k", count: 200)
            let ok = try await Support.send(
                client, .post, "/api/agents/edge/heartbeat",
                #"{"last_activity":"\#(activity)","token_usage":{"model":"\#(key)","inputTokens":0,"outputTokens":0,"idempotency_key":"\#(key)"}}"#)
            #expect(ok.status == .ok)
            let long = try await Support.send(client, .post, "/api/agents/edge/heartbeat", #"{"last_activity":"\#(activity)a"}"#)
            #expect(long.json["error"] as? String == "last_activity must be at most 500 characters")
            let longKey = try await Support.send(
                client, .post, "/api/agents/edge/heartbeat",
                #"{"token_usage":{"model":"\#(key)k","inputTokens":0,"outputTokens":0}}"#)
            #expect(longKey.json["error"] as? String == "token_usage.model must be a string of 1 to 200 characters")
        }
    }

    @Test func agentKeysMayOnlyHeartbeatTheirOwnAgent() async throws {
        try await TestApplication().test { client in
            let ownID = try await Support.createAgent(client, "self")
            try await Support.createAgent(client, "someone")
            let key = try await Support.createKey(client, agent: "self", body: #"{"scopes":["operator"]}"#)
            for path in ["/api/agents/self/heartbeat", "/api/agents/\(ownID)/heartbeat"] {
                let own = try await Support.send(client, .post, path, headers: Support.agentKey(key))
                #expect(own.status == .ok)
            }
            for (method, path) in [(HTTPRequest.Method.post, "/api/agents/someone/heartbeat"), (.get, "/api/agents/\(ownID + 1)/heartbeat")] {
                let other = try await Support.send(client, method, path, headers: Support.agentKey(key))
                #expect(other.status == .forbidden)
                #expect(other.text == #"{"error":"Access denied: agent key may only access its own agent."}"#)
            }
            let viewerKey = try await Support.createKey(client, agent: "self")
            let viewerPost = try await Support.send(client, .post, "/api/agents/self/heartbeat", headers: Support.agentKey(viewerKey))
            #expect(viewerPost.text == #"{"error":"Requires operator role or higher"}"#)
            #expect(try await Support.send(client, .get, "/api/agents/self/heartbeat", headers: Support.agentKey(viewerKey)).status == .ok)
        }
    }

    @Test func heartbeatRateLimitIsPerAgent() async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "chatty")
            try await Support.createAgent(client, "calm")
            let chatty = try await Support.createKey(client, agent: "chatty", body: #"{"scopes":["operator"]}"#)
            let calm = try await Support.createKey(client, agent: "calm", body: #"{"scopes":["operator"]}"#)
            for _ in 0..<30 {
                #expect(try await Support.send(client, .post, "/api/agents/chatty/heartbeat", headers: Support.agentKey(chatty)).status == .ok)
            }
            let limited = try await Support.send(client, .post, "/api/agents/chatty/heartbeat", headers: Support.agentKey(chatty))
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text == #"{"error":"Agent heartbeat rate limit exceeded."}"#)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(try await Support.send(client, .post, "/api/agents/calm/heartbeat", headers: Support.agentKey(calm)).status == .ok)
        }
    }
}
