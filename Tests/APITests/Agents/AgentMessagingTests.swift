import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `POST /api/agents/message`, `GET /api/agents/comms` and the SOUL routes.
@Suite struct AgentMessagingTests {
    typealias Support = AgentTestSupport

    @Test func aMessageIsStoredNotifiedAndShownInTheRecipientsHeartbeat() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Support.createAgent(client, "sender")
            try await Support.createAgent(client, "receiver")
            let key = try await Support.createKey(client, agent: "sender", body: #"{"scopes":["operator"]}"#)
            let text = String(repeating: "x", count: 201)
            let response = try await Support.send(
                client, .post, "/api/agents/message", #"{"to":"receiver","message":"\#(text)","from":"spoofed"}"#,
                headers: Support.agentKey(key))
            #expect(response.text == #"{"success":true}"#)
            let heartbeat = try await Support.send(client, .get, "/api/agents/receiver/heartbeat")
            let groups = try #require(heartbeat.json["work_items"] as? [[String: Any]])
            let item = try #require((groups.first?["items"] as? [[String: Any]])?.first)
            #expect(item["type"] as? String == "message")
            #expect(item["title"] as? String == "Direct Message")
            #expect(item["message"] as? String == "sender: " + String(repeating: "x", count: 200) + "...")

            let comms = try await Support.send(client, .get, "/api/agents/comms")
            #expect(comms.json["total"] as? Int == 1)
            let message = try #require((comms.json["messages"] as? [[String: Any]])?.first)
            #expect(message["conversation_id"] as? String == "a2a:sender:receiver")
            #expect(message["from_agent"] as? String == "sender")
            let graph = try #require(comms.json["graph"] as? [String: Any])
            #expect((graph["edges"] as? [[String: Any]])?.first?["message_count"] as? Int == 1)
            #expect((graph["agentStats"] as? [[String: Any]])?.count == 2)
            #expect((comms.json["source"] as? [String: Any])?["mode"] as? String == "live")
        }
        let types = try await Support.eventTypes(app.dependencies.database)
        #expect(types.suffix(3) == ["chat.message", "notification.created", "activity.created"])
    }

    @Test func messageErrors() async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "here")
            let unknown = try await Support.send(client, .post, "/api/agents/message", #"{"to":"nobody","message":"hi"}"#)
            #expect(unknown.status == .notFound)
            #expect(unknown.text == #"{"error":"Recipient agent not found"}"#)
            let empty = try await Support.send(client, .post, "/api/agents/message", #"{"to":"","message":""}"#)
            #expect(empty.json["details"] as? [String] == ["to: Recipient is required", "message: Message is required"])
            let atLimit = String(repeating: "m", count: 50_000)
            #expect(try await Support.send(client, .post, "/api/agents/message", #"{"to":"here","message":"\#(atLimit)"}"#).status == .ok)
            let over = try await Support.send(client, .post, "/api/agents/message", #"{"to":"here","message":"\#(atLimit)m"}"#)
            #expect(over.json["details"] as? [String] == ["message: Too big: expected string to have <=50000 characters"])
        }
    }

    @Test func commsCapsItsLimitAndFiltersAgentTraffic() async throws {
        let app = try await TestApplication()
        try await app.dependencies.database.pool.write { db in
            for index in 0..<502 {
                try db.execute(
                    sql: "INSERT INTO messages (conversation_id, from_agent, to_agent, content, created_at) VALUES (?, 'a', 'b', 'x', ?)",
                    arguments: ["a2a:a:b", index])
            }
            try db.execute(sql: "INSERT INTO messages (conversation_id, from_agent, to_agent, content) VALUES ('conv_1', 'a', 'b', 'chat')")
            try db.execute(sql: "INSERT INTO messages (conversation_id, from_agent, to_agent, content) VALUES ('a2a:human:b', 'human', 'b', 'h')")
        }
        try await app.test { client in
            let capped = try await Support.send(client, .get, "/api/agents/comms?limit=9999")
            #expect((capped.json["messages"] as? [Any])?.count == 500)
            #expect(capped.json["total"] as? Int == 503)
            let atCap = try await Support.send(client, .get, "/api/agents/comms?limit=500&offset=500")
            #expect((atCap.json["messages"] as? [Any])?.count == 3)
            let defaulted = try await Support.send(client, .get, "/api/agents/comms")
            #expect((defaulted.json["messages"] as? [Any])?.count == 100)
            let since = try await Support.send(client, .get, "/api/agents/comms?since=499&agent=b")
            #expect(since.json["total"] as? Int == 3)
            let edges = ((capped.json["graph"] as? [String: Any])?["edges"] as? [[String: Any]]) ?? []
            #expect(edges.map { $0["from_agent"] as? String } == ["a"])
        }
    }

    @Test func soulIsReadAndWrittenInTheDatabase() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await Support.createAgent(client, "souled")
            let empty = try await Support.send(client, .get, "/api/agents/\(id)/soul")
            #expect(empty.json["source"] as? String == "none")
            #expect(empty.json["soul_content"] as? String == "")
            #expect(empty.json["available_templates"] as? [String] == [])
            let limit = String(repeating: "s", count: 50_000)
            let put = try await Support.send(client, .put, "/api/agents/souled/soul", #"{"soul_content":"\#(limit)"}"#)
            #expect(put.json["success"] as? Bool == true)
            #expect(put.json["saved_to_workspace"] as? Bool == false)
            let read = try await Support.send(client, .get, "/api/agents/souled/soul")
            #expect(read.json["source"] as? String == "database")
            #expect((read.json["soul_content"] as? String)?.count == 50_000)
            let over = try await Support.send(client, .put, "/api/agents/souled/soul", #"{"soul_content":"\#(limit)s"}"#)
            #expect(over.text == #"{"error":"soul_content must be at most 50000 characters"}"#)
            let template = try await Support.send(client, .put, "/api/agents/souled/soul", #"{"template_name":"coder"}"#)
            #expect(template.text == #"{"error":"Template not found"}"#)
            let missing = try await Support.send(client, .put, "/api/agents/souled/soul", #"{}"#)
            #expect(missing.text == #"{"error":"soul_content or template_name is required"}"#)
            #expect(try await Support.send(client, .get, "/api/agents/nobody/soul").status == .notFound)
        }
        let activities = try await app.dependencies.database.read { db in
            try String.fetchAll(db, sql: "SELECT type FROM activities WHERE type = 'agent_soul_updated'")
        }
        #expect(activities.count == 1)
    }

    @Test func selfRegistrationCreatesOnceThenRefreshes() async throws {
        let app = try await TestApplication()
        let viewer = try await Support.user(app.dependencies.database, "reggie", role: "viewer")
        try await app.test { client in
            let body = #"{"name":"bot.1","role":"tester","capabilities":["swift",3],"framework":"custom"}"#
            let first = try await Support.send(client, .post, "/api/agents/register", body, headers: Support.session(viewer))
            #expect(first.status == .created)
            #expect(first.json["registered"] as? Bool == true)
            #expect((first.json["agent"] as? [String: Any])?["status"] as? String == "idle")
            let second = try await Support.send(client, .post, "/api/agents/register", body, headers: Support.session(viewer))
            #expect(second.status == .ok)
            #expect(second.json["registered"] as? Bool == false)
            #expect(second.json["message"] as? String == "Agent already registered, status updated")
            let agent = try await Support.send(client, .get, "/api/agents/bot.1")
            #expect(((agent.json["agent"] as? [String: Any])?["config"] as? [String: Any])?["capabilities"] as? [String] == ["swift"])
        }
        let audits = try await app.dependencies.database.read { db in
            try String.fetchAll(db, sql: "SELECT actor FROM audit_log WHERE action = 'agent_self_register'")
        }
        #expect(audits == ["reggie"])
    }

    @Test(arguments: [
        (#"{"name":"-bad"}"#, "Invalid agent name. Use 1-63 alphanumeric characters, dots, hyphens, or underscores. Must start with alphanumeric."),
        (#"{"name":"\#(String(repeating: "a", count: 64))"}"#, "Invalid agent name. Use 1-63 alphanumeric characters, dots, hyphens, or underscores. Must start with alphanumeric."),
        (#"{"name":"ok","role":"boss"}"#, "Invalid role. Use: coder, reviewer, tester, devops, researcher, assistant, agent"),
    ])
    func registrationRejectsBadNamesAndRoles(body: String, message: String) async throws {
        try await TestApplication().test { client in
            let response = try await Support.send(client, .post, "/api/agents/register", body)
            #expect(response.status == .badRequest)
            #expect(response.json["error"] as? String == message)
            let longest = try await Support.send(client, .post, "/api/agents/register", #"{"name":"\#(String(repeating: "a", count: 63))"}"#)
            #expect(longest.status == .created)
        }
    }

    @Test func registrationIsRateLimited() async throws {
        try await TestApplication().test { client in
            for index in 0..<5 {
                #expect(try await Support.send(client, .post, "/api/agents/register", #"{"name":"r\#(index)"}"#).status == .created)
            }
            let limited = try await Support.send(client, .post, "/api/agents/register", #"{"name":"r9"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text == #"{"error":"Too many registration attempts. Please try again later."}"#)
        }
    }
}
