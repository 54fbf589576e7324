import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `GET/POST/PUT /api/agents` and `GET/PUT/DELETE /api/agents/{id}`.
@Suite struct AgentCrudTests {
    typealias Support = AgentTestSupport

    @Test func createReturnsTheAgentWithParsedConfigAndLogsActivityAndEvent() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let response = try await Support.send(
                client, .post, "/api/agents",
                #"{"name":"aegis","role":"reviewer","config":{"model":"x"},"gateway_config":{"model":"y","tools":1},"runtime_type":"claude","status":"idle"}"#)
            #expect(response.status == .created)
            let agent = try #require(response.json["agent"] as? [String: Any])
            #expect(agent["name"] as? String == "aegis")
            #expect(agent["status"] as? String == "idle")
            #expect(agent["runtime_type"] as? String == "claude")
            #expect(agent["workspace_id"] as? Int == 1)
            let config = try #require(agent["config"] as? [String: Any])
            #expect(config["model"] as? String == "y")
            #expect(config["tools"] as? Int == 1)
            let stats = try #require(agent["taskStats"] as? [String: Int])
            #expect(stats == ["total": 0, "assigned": 0, "in_progress": 0, "quality_review": 0, "done": 0, "completed": 0])
        }
        #expect(try await Support.eventTypes(app.dependencies.database) == ["activity.created", "agent.created"])
        let activity = try await Support.rows(app.dependencies.database, "SELECT type, actor, description FROM activities").first
        #expect(activity?["type"] == "agent_created")
        #expect(activity?["actor"] == "api")
        #expect(activity?["description"] == "Created agent: aegis (reviewer)")
    }

    @Test func createValidatesLikeTheOriginalSchema() async throws {
        try await TestApplication().test { client in
            let missing = try await Support.send(client, .post, "/api/agents", #"{"role":"coder"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.json["error"] as? String == "Validation failed")
            #expect(missing.json["details"] as? [String] == ["name: Invalid input: expected string, received undefined"])
            let several = try await Support.send(
                client, .post, "/api/agents", #"{"name":"","status":"sleeping","config":[1],"runtime_type":"x"}"#)
            #expect(several.json["details"] as? [String] == [
                "name: Name is required",
                #"status: Invalid option: expected one of "online"|"offline"|"busy"|"idle"|"error""#,
                "config: Invalid input: expected record, received array",
                #"runtime_type: Invalid option: expected one of "hermes"|"openclaw"|"claude"|"codex"|"custom""#,
            ])
            let noRole = try await Support.send(client, .post, "/api/agents", #"{"name":"solo"}"#)
            #expect(noRole.status == .badRequest)
            #expect(noRole.text == #"{"error":"Name and role are required"}"#)
        }
    }

    @Test func createLimitsAreInclusive() async throws {
        try await TestApplication().test { client in
            let name100 = String(repeating: "n", count: 100)
            let soul50k = String(repeating: "s", count: 50_000)
            let key200 = String(repeating: "k", count: 200)
            let ok = try await Support.send(
                client, .post, "/api/agents",
                #"{"name":"\#(name100)","role":"\#(name100)","soul_content":"\#(soul50k)","session_key":"\#(key200)"}"#)
            #expect(ok.status == .created)
            let tooLong = try await Support.send(
                client, .post, "/api/agents",
                #"{"name":"\#(name100)x","role":"\#(name100)x","soul_content":"\#(soul50k)x","session_key":"\#(key200)x"}"#)
            #expect(tooLong.status == .badRequest)
            #expect(tooLong.json["details"] as? [String] == [
                "name: Too big: expected string to have <=100 characters",
                "role: Too big: expected string to have <=100 characters",
                "session_key: Too big: expected string to have <=200 characters",
                "soul_content: Too big: expected string to have <=50000 characters",
            ])
        }
    }

    @Test(arguments: [
        (#""template":"coder""#, "template"), (#""openclaw_id":"a-b""#, "openclaw_id"),
        (#""write_to_gateway":true"#, "write_to_gateway"),
        (#""provision_openclaw_workspace":true"#, "provision_openclaw_workspace"),
        (#""openclaw_workspace_path":"/x""#, "openclaw_workspace_path"),
    ])
    func gatewayFieldsAreRefusedNotIgnored(field: String, name: String) async throws {
        try await TestApplication().test { client in
            let response = try await Support.send(client, .post, "/api/agents", #"{"name":"g","role":"r",\#(field)}"#)
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"\#(name) is not supported: this Mission Control has no OpenClaw gateway"}"#)
            let harmless = try await Support.send(client, .post, "/api/agents", #"{"name":"h","role":"r","write_to_gateway":false}"#)
            #expect(harmless.status == .created)
        }
    }

    @Test func duplicateNameIs409AndSessionKeysAreUnique() async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "twin", extra: #","session_key":"s-1""#)
            let again = try await Support.send(client, .post, "/api/agents", #"{"name":"twin","role":"coder"}"#)
            #expect(again.status == .conflict)
            #expect(again.text == #"{"error":"Agent name already exists"}"#)
            let key = try await Support.send(client, .post, "/api/agents", #"{"name":"other","role":"coder","session_key":"s-1"}"#)
            #expect(key.status == .conflict)
            #expect(key.text == #"{"error":"Session key already in use by another agent"}"#)
        }
    }

    @Test func listFiltersPaginatesHidesAndCountsTasks() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Support.createAgent(client, "a1", extra: #","status":"idle""#)
            try await Support.createAgent(client, "a2", role: "tester")
            try await Support.createAgent(client, "a3")
            try await app.dependencies.database.pool.write { db in
                try db.execute(sql: "UPDATE agents SET hidden = 1 WHERE name = 'a3'")
                for status in ["assigned", "in_progress", "quality_review", "done", "done", "inbox"] {
                    try db.execute(sql: "INSERT INTO tasks (title, status, assigned_to) VALUES ('t', ?, 'a1')", arguments: [status])
                }
            }
            let all = try await Support.send(client, .get, "/api/agents")
            #expect(all.json["total"] as? Int == 2)
            let agents = try #require(all.json["agents"] as? [[String: Any]])
            #expect(agents.map { $0["name"] as? String } == ["a2", "a1"])
            let stats = agents[1]["taskStats"] as? [String: Int]
            #expect(stats == ["total": 6, "assigned": 1, "in_progress": 1, "quality_review": 1, "done": 2, "completed": 2])
            let hidden = try await Support.send(client, .get, "/api/agents?show_hidden=true&limit=1&offset=1")
            #expect(hidden.json["total"] as? Int == 3)
            #expect(hidden.json["page"] as? Int == 2)
            #expect((hidden.json["agents"] as? [[String: Any]])?.first?["name"] as? String == "a2")
            let filtered = try await Support.send(client, .get, "/api/agents?status=idle&role=coder")
            #expect((filtered.json["agents"] as? [[String: Any]])?.map { $0["name"] as? String } == ["a1"])
            #expect(try await Support.send(client, .get, "/api/agents?limit=200").json["limit"] as? Int == 200)
            #expect(try await Support.send(client, .get, "/api/agents?limit=201").json["limit"] as? Int == 200)
            #expect(try await Support.send(client, .get, "/api/agents?limit=nope").json["limit"] as? Int == 50)
        }
    }

    @Test func updateByNameChangesFieldsAndLogsOnlyRealStatusChanges() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Support.createAgent(client, "worker")
            let response = try await Support.send(
                client, .put, "/api/agents", #"{"name":"worker","status":"busy","last_activity":"compiling","runtime_type":"codex"}"#)
            #expect(response.text == #"{"success":true}"#)
            let same = try await Support.send(client, .put, "/api/agents", #"{"name":"worker","status":"busy","runtime_type":""}"#)
            #expect(same.status == .ok)
        }
        let row = try await Support.rows(app.dependencies.database, "SELECT status, last_activity, last_seen, runtime_type FROM agents").first
        let activities = try await Support.rows(app.dependencies.database, "SELECT type FROM activities ORDER BY id").compactMap { $0["type"]?.stringValue }
        let events = try await Support.eventTypes(app.dependencies.database)
        #expect(row?["status"] == "busy")
        #expect(row?["last_activity"] == "compiling")
        #expect(row?["last_seen"]?.intValue != nil)
        #expect(row?["runtime_type"] == .null)
        #expect(activities == ["agent_created", "agent_status_change"])
        #expect(events.filter { $0 == "agent.updated" }.count == 2)
    }

    @Test(arguments: [
        (#"{}"#, 400, "Agent name is required"), (#"{"name":"worker"}"#, 400, "No fields to update"),
        (#"{"name":"ghost","role":"x"}"#, 404, "Agent not found"),
        (#"{"name":"worker","runtime_type":"perl"}"#, 400, "Invalid runtime_type"),
        (#"{"name":"worker","status":"asleep"}"#, 400, "Invalid status. Use: online, offline, busy, idle, error"),
        (#"{"name":"worker","config":"x"}"#, 400, "config must be an object"),
    ])
    func updateByNameErrors(body: String, status: Int, message: String) async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "worker")
            let response = try await Support.send(client, .put, "/api/agents", body)
            #expect(response.status.code == status)
            #expect(response.json["error"] as? String == message)
        }
    }

    @Test func updateByNameLimitsAreInclusive() async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "edge")
            try await Support.createAgent(client, "edge2", extra: #","session_key":"""#)
            let (activity, key, soul, role) = (
                String(repeating: "a", count: 500), String(repeating: "k", count: 200), String(repeating: "s", count: 50_000),
                String(repeating: "r", count: 100)
            )
            let ok = try await Support.send(
                client, .put, "/api/agents",
                #"{"name":"edge","last_activity":"\#(activity)","session_key":"\#(key)","soul_content":"\#(soul)","role":"\#(role)"}"#)
            #expect(ok.status == .ok)
            let cases = [
                (#""last_activity":"\#(activity)a""#, "last_activity must be at most 500 characters"),
                (#""session_key":"\#(key)k""#, "session_key must be at most 200 characters"),
                (#""soul_content":"\#(soul)s""#, "soul_content must be at most 50000 characters"),
                (#""role":"\#(role)r""#, "role must be 1 to 100 characters"),
            ]
            for (field, message) in cases {
                let response = try await Support.send(client, .put, "/api/agents", #"{"name":"edge",\#(field)}"#)
                #expect(response.json["error"] as? String == message)
            }
            // An empty session key clears it rather than colliding with another agent's.
            let cleared = try await Support.send(client, .put, "/api/agents", #"{"name":"edge","session_key":""}"#)
            #expect(cleared.status == .ok)
        }
    }

    @Test func memberRoutesFindByIdOrNameWithinTheWorkspace() async throws {
        let app = try await TestApplication()
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (2, 'other', 'Other', 1)")
            try db.execute(sql: "INSERT INTO agents (name, role, workspace_id) VALUES ('foreign', 'x', 2)")
        }
        try await app.test { client in
            let id = try await Support.createAgent(client, "local", extra: #","config":{"a":1}"#)
            let byID = try await Support.send(client, .get, "/api/agents/\(id)")
            #expect((byID.json["agent"] as? [String: Any])?["name"] as? String == "local")
            let byName = try await Support.send(client, .get, "/api/agents/local")
            #expect(((byName.json["agent"] as? [String: Any])?["config"] as? [String: Int]) == ["a": 1])
            let foreign = try await Support.send(client, .get, "/api/agents/foreign")
            #expect(foreign.status == .notFound)
            #expect(foreign.text == #"{"error":"Agent not found"}"#)

            let put = try await Support.send(client, .put, "/api/agents/local", #"{"role":"lead","gateway_config":{"b":2}}"#)
            #expect(put.json["success"] as? Bool == true)
            let agent = try #require(put.json["agent"] as? [String: Any])
            #expect(agent["role"] as? String == "lead")
            #expect(agent["config"] as? [String: Int] == ["a": 1, "b": 2])
            let writeBack = try await Support.send(client, .put, "/api/agents/local", #"{"gateway_config":{},"write_to_gateway":true}"#)
            #expect(writeBack.text == #"{"error":"write_to_gateway is not supported: this Mission Control has no OpenClaw gateway"}"#)
            let empty = try await Support.send(client, .put, "/api/agents/local", #"{}"#)
            #expect(empty.text == #"{"error":"No fields to update"}"#)

            let delete = try await Support.send(client, .delete, "/api/agents/\(id)")
            #expect(delete.text == #"{"deleted":"local","remove_workspace":false,"success":true}"#)
            #expect(try await Support.send(client, .get, "/api/agents/\(id)").status == .notFound)
            #expect(try await Support.send(client, .delete, "/api/agents/\(id)").status == .notFound)
        }
        let types = try await Support.eventTypes(app.dependencies.database)
        #expect(types.suffix(4) == ["activity.created", "agent.updated", "activity.created", "agent.deleted"])
    }

    @Test func rolesAreEnforced() async throws {
        let app = try await TestApplication()
        let viewer = try await Support.user(app.dependencies.database, "vera", role: "viewer")
        let op = try await Support.user(app.dependencies.database, "otto", role: "operator")
        try await app.test { client in
            let create = try await Support.send(client, .post, "/api/agents", #"{"name":"v","role":"r"}"#, headers: Support.session(viewer))
            #expect(create.status == .forbidden)
            #expect(create.text == #"{"error":"Requires operator role or higher"}"#)
            let id = try await Support.createAgent(client, "byop")
            let delete = try await Support.send(client, .delete, "/api/agents/\(id)", headers: Support.session(op))
            #expect(delete.text == #"{"error":"Requires admin role or higher"}"#)
            let list = try await Support.send(client, .get, "/api/agents", headers: Support.session(viewer))
            #expect(list.status == .ok)
        }
    }
}
