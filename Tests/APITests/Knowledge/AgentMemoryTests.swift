import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `GET`/`PUT`/`DELETE /api/agents/{id}/memory`: the database copy, the 524288-character
/// limit, append mode, agent self-scoping, workspaces, and the workspace file precedence.
@Suite struct AgentMemoryTests {
    typealias Support = AgentTestSupport
    typealias Fixture = KnowledgeTestSupport

    @Test func memoryIsReadWrittenAppendedAndClearedInTheDatabase() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await Support.createAgent(client, "scribe")
            let empty = try await Support.send(client, .get, "/api/agents/\(id)/memory")
            #expect(empty.status == .ok)
            #expect(empty.json["source"] as? String == "none")
            #expect(empty.json["working_memory"] as? String == "")
            #expect(empty.json["size"] as? Int == 0)
            #expect((empty.json["agent"] as? [String: Any])?["name"] as? String == "scribe")

            let put = try await Support.send(client, .put, "/api/agents/scribe/memory", #"{"working_memory":"first"}"#)
            #expect(put.status == .ok)
            #expect(put.json["success"] as? Bool == true)
            #expect(put.json["message"] as? String == "Working memory updated for scribe")
            #expect(put.json["saved_to_workspace"] as? Bool == false)
            #expect(put.json["size"] as? Int == 5)

            let appended = try await Support.send(
                client, .put, "/api/agents/\(id)/memory", #"{"working_memory":"second","append":true}"#)
            #expect(appended.json["message"] as? String == "Working memory appended for scribe")
            let text = try #require(appended.json["working_memory"] as? String)
            #expect(text.wholeMatch(of: /first\n\n## \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\nsecond/) != nil)

            let read = try await Support.send(client, .get, "/api/agents/scribe/memory")
            #expect(read.json["source"] as? String == "database")
            #expect(read.json["working_memory"] as? String == text)
            #expect(read.json["size"] as? Int == text.utf16.count)

            let cleared = try await Support.send(client, .delete, "/api/agents/scribe/memory")
            #expect(cleared.json["success"] as? Bool == true)
            #expect(cleared.json["message"] as? String == "Working memory cleared for scribe")
            #expect(cleared.json["working_memory"] as? String == "")
            #expect(
                try await Support.send(client, .get, "/api/agents/scribe/memory").json["source"] as? String == "none")

            // Appending to nothing adds no leading blank line.
            let fresh = try await Support.send(
                client, .put, "/api/agents/scribe/memory", #"{"working_memory":"x","append":true}"#)
            #expect((fresh.json["working_memory"] as? String)?.hasPrefix("## ") == true)
        }
        let activities = try await Support.rows(
            app.dependencies.database, "SELECT type, actor FROM activities WHERE type LIKE 'agent_memory%' ORDER BY id")
        #expect(
            activities.map { $0["type"]?.stringValue } == [
                "agent_memory_updated", "agent_memory_updated", "agent_memory_cleared", "agent_memory_updated",
            ])
        #expect(activities.allSatisfy { $0["actor"] == "scribe" })
        let events = try await Support.eventTypes(app.dependencies.database)
        #expect(events.filter { $0 == "agent.updated" }.count == 4)
    }

    @Test func memoryIsLimitedTo524288Characters() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Support.createAgent(client, "big")
            let limit = String(repeating: "a", count: AgentMemoryService.maximumLength)
            let atLimit = try await Support.send(
                client, .put, "/api/agents/big/memory", #"{"working_memory":"\#(limit)"}"#)
            #expect(atLimit.status == .ok)
            #expect(atLimit.json["size"] as? Int == 524_288)
            let over = try await Support.send(
                client, .put, "/api/agents/big/memory", #"{"working_memory":"\#(limit)a"}"#)
            #expect(over.status == .contentTooLarge)
            #expect(over.text == #"{"error":"Working memory too large (max 524288 characters)"}"#)
            let appendOver = try await Support.send(
                client, .put, "/api/agents/big/memory", #"{"working_memory":"","append":true}"#)
            #expect(appendOver.status == .contentTooLarge)
            // Characters, not bytes: 524288 two-byte characters (1 MiB of UTF-8) still fit.
            let wide = String(repeating: "é", count: AgentMemoryService.maximumLength)
            let wideAtLimit = try await Support.send(
                client, .put, "/api/agents/big/memory", #"{"working_memory":"\#(wide)"}"#)
            #expect(wideAtLimit.status == .ok)
            let escaped = String(repeating: #"\u00e9"#, count: AgentMemoryService.maximumLength + 1)
            let wideOver = try await Support.send(
                client, .put, "/api/agents/big/memory", #"{"working_memory":"\#(escaped)"}"#)
            #expect(wideOver.text == #"{"error":"Working memory too large (max 524288 characters)"}"#)
        }
        let size = try await Fixture.value(
            app, "SELECT length(working_memory) FROM agents WHERE name = 'big'", as: Int.self)
        #expect(size == 524_288)
    }

    @Test(arguments: [
        (#"{}"#, "working_memory is required"),
        (#"{"working_memory":5}"#, "working_memory must be a string"),
        (#"{"working_memory":"x","append":"yes"}"#, "append must be a boolean"),
        (#"[1]"#, "Invalid request body"),
    ])
    func invalidBodiesAreRefused(body: String, message: String) async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Support.createAgent(client, "picky")
            let response = try await Support.send(client, .put, "/api/agents/picky/memory", body)
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"\#(message)"}"#)
        }
    }

    @Test func agentKeysReachOnlyTheirOwnAgent() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let own = try await Support.createAgent(client, "self")
            let other = try await Support.createAgent(client, "other")
            let key = try await Fixture.agentKey(client, agent: "self")
            for path in ["/api/agents/\(own)/memory", "/api/agents/self/memory"] {
                #expect(try await Support.send(client, .get, path, headers: key).status == .ok)
                #expect(
                    try await Support.send(client, .put, path, #"{"working_memory":"mine"}"#, headers: key).status
                        == .ok)
                #expect(try await Support.send(client, .delete, path, headers: key).status == .ok)
            }
            let denied = #"{"error":"Access denied: agent key may only access its own agent."}"#
            for path in ["/api/agents/\(other)/memory", "/api/agents/other/memory"] {
                let get = try await Support.send(client, .get, path, headers: key)
                #expect(get.status == .forbidden)
                #expect(get.text == denied)
                #expect(
                    try await Support.send(client, .put, path, #"{"working_memory":"x"}"#, headers: key).text == denied)
                #expect(try await Support.send(client, .delete, path, headers: key).text == denied)
            }
            // A viewer-scoped key may read its memory but not write it.
            let viewerKey = try await Fixture.agentKey(client, agent: "self", scopes: ["viewer"])
            #expect(try await Support.send(client, .get, "/api/agents/self/memory", headers: viewerKey).status == .ok)
            let write = try await Support.send(
                client, .put, "/api/agents/self/memory", #"{"working_memory":"x"}"#, headers: viewerKey)
            #expect(write.text == #"{"error":"Requires operator role or higher"}"#)
        }
    }

    @Test func anotherWorkspacesAgentIsNotFound() async throws {
        let app = try await TestApplication()
        try await Fixture.execute(app, "INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (2, 'two', 'Two', 1)")
        try await Fixture.execute(
            app,
            "INSERT INTO agents (id, name, role, workspace_id, working_memory) VALUES (50, 'far', 'coder', 2, 'secret')"
        )
        try await app.test { client in
            for path in ["/api/agents/50/memory", "/api/agents/far/memory"] {
                let read = try await Support.send(client, .get, path)
                #expect(read.status == .notFound)
                #expect(read.text == #"{"error":"Agent not found"}"#)
                #expect(try await Support.send(client, .put, path, #"{"working_memory":"x"}"#).status == .notFound)
                #expect(try await Support.send(client, .delete, path).status == .notFound)
            }
        }
        #expect(
            try await Fixture.value(app, "SELECT working_memory FROM agents WHERE id = 50", as: String.self) == "secret"
        )
    }

    @Test func anUnresolvableWorkspaceContextIsRefused() async throws {
        let app = try await TestApplication()
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "INSERT INTO agents (name, role) VALUES ('lost', 'coder')")
            try db.execute(
                sql: "INSERT INTO users (username, display_name, password_hash, role) VALUES ('drifter', 'd', 'x', 'admin')")
            // A session whose tenant is not the workspace's.
            try db.execute(
                sql: "INSERT INTO user_sessions (token, user_id, expires_at, tenant_id) VALUES (?, ?, unixepoch() + 3600, 99)",
                arguments: [SecretToken.sha256Hex("token-drifter"), db.lastInsertedRowID])
        }
        try await app.test { client in
            let response = try await Support.send(
                client, .get, "/api/agents/lost/memory", headers: Support.session("token-drifter"))
            #expect(response.status == .forbidden)
            #expect(response.text == #"{"error":"Workspace isolation context is unavailable"}"#)
        }
    }
}
