import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// Workspaces: listing, creation rules and messages, roles, tenant scoping, updates.
@Suite struct WorkspaceRoutesTests {
    typealias W = WorkspaceTestSupport
    static let invalid = #"{"details":["#

    @Test func slugsAreNormalisedWithoutCap() {
        #expect(WorkspaceInput.slug("  Beta  Team!! ") == "beta-team")
        #expect(WorkspaceInput.slug(String(repeating: "a", count: 150)).count == 150)
        #expect(WorkspaceInput.slug("***").isEmpty)
    }

    @Test func createListAndConflicts() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let created = try await W.send(client, .post, "/api/workspaces", #"{"name":"Beta Team","brand":"  Acme  "}"#)
            #expect(created.status == .created)
            let workspace = try #require(created.json["workspace"] as? [String: Any])
            #expect(workspace["slug"] as? String == "beta-team")
            #expect(workspace["brand"] as? String == "Acme")
            #expect(workspace["isolation"] as? String == "shared")
            #expect(workspace["tenant_id"] as? Int == 1)
            let id = try #require(workspace["id"] as? Int)
            _ = try await W.create(client, #"{"name":"Alpha","slug":"Alpha One","isolation":"strict"}"#)
            let list = try await W.send(client, .get, "/api/workspaces")
            let names = (list.json["workspaces"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["Default Workspace", "Alpha", "Beta Team"])
            #expect(list.json["active_workspace_id"] as? Int == 1)
            #expect(list.json["tenant_id"] as? Int == 1)
            let general = try await W.integer(
                app, "SELECT COUNT(*) FROM projects WHERE workspace_id = ? AND slug = 'general' AND ticket_prefix = 'TASK'", [id])
            #expect(general == 1)
            let audit = try await W.integer(
                app, "SELECT COUNT(*) FROM audit_log WHERE action = 'workspace_created' AND target_id = ?", [id])
            #expect(audit == 1)
            let duplicate = try await W.send(client, .post, "/api/workspaces", #"{"name":"Other","slug":"BETA team"}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.text == #"{"error":"Workspace slug already exists"}"#)
        }
    }

    /// Posts `body` to create a workspace and expects the response text `expected`.
    static func check(
        _ client: any TestClientProtocol, _ body: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let text = try await W.send(client, .post, "/api/workspaces", body).text
        #expect(text == expected, sourceLocation: sourceLocation)
    }

    @Test func createValidationMessages() async throws {
        try await TestApplication().test { client in
            try await Self.check(client, #"{}"#, Self.invalid + #""name: Invalid input: expected string, received undefined"],"error":"Validation failed"}"#)
            try await Self.check(client, #"{"name":""}"#, Self.invalid + #""name: Too small: expected string to have >=1 characters"],"error":"Validation failed"}"#)
            try await Self.check(client, #"{"name":"  "}"#, Self.invalid + #""name: Too small: expected string to have >=1 characters"],"error":"Validation failed"}"#)
            let long = String(repeating: "n", count: 201)
            try await Self.check(client, #"{"name":"\#(long)"}"#, Self.invalid + #""name: Too big: expected string to have <=200 characters"],"error":"Validation failed"}"#)
            #expect(try await W.send(client, .post, "/api/workspaces", #"{"name":"\#(long.dropLast())"}"#).status == .created)
            try await Self.check(client, #"{"name":"x","brand":"   "}"#, Self.invalid + #""brand: Too small: expected string to have >=1 characters"],"error":"Validation failed"}"#)
            let brand = String(repeating: "b", count: 64)
            try await Self.check(client, #"{"name":"x","brand":"\#(brand)b"}"#, Self.invalid + #""brand: Too big: expected string to have <=64 characters"],"error":"Validation failed"}"#)
            try await Self.check(client, #"{"name":"x","brand":7}"#, Self.invalid + #""brand: Invalid input: expected string, received number"],"error":"Validation failed"}"#)
            #expect(try await W.send(client, .post, "/api/workspaces", #"{"name":"b64","brand":"\#(brand)"}"#).status == .created)
            try await Self.check(client, #"{"name":"x","isolation":"open"}"#, Self.invalid + #""isolation: Invalid option: expected one of \"shared\"|\"strict\""],"error":"Validation failed"}"#)
            try await Self.check(client, #"{"name":"x","slug":""}"#, Self.invalid + #""slug: Too small: expected string to have >=1 characters"],"error":"Validation failed"}"#)
            try await Self.check(client, #"{"name":"x","slug":"!!"}"#, #"{"error":"Invalid workspace slug"}"#)
            try await Self.check(client, #"{"name":"!!"}"#, #"{"error":"Invalid workspace slug"}"#)
            try await Self.check(client, "", #"{"error":"Request body required"}"#)
        }
    }

    @Test func rolesAreEnforced() async throws {
        let app = try await TestApplication()
        let viewer = try await W.session(app, user: "vera", role: "viewer")
        let op = try await W.session(app, user: "otto", role: "operator")
        try await app.test { client in
            #expect(try await W.send(client, .get, "/api/workspaces", session: viewer).status == .ok)
            #expect(try await W.send(client, .get, "/api/workspaces/1", session: viewer).status == .ok)
            let denied = try await W.send(client, .post, "/api/workspaces", #"{"name":"V"}"#, session: viewer)
            #expect(denied.status == .forbidden)
            #expect(denied.text == #"{"error":"Requires admin role or higher"}"#)
            #expect(try await W.send(client, .post, "/api/workspaces", #"{"name":"O"}"#, session: op).status == .forbidden)
            #expect(try await W.send(client, .put, "/api/workspaces/1", #"{"name":"O"}"#, session: op).status == .forbidden)
            #expect(try await W.send(client, .delete, "/api/workspaces/1", session: op).status == .forbidden)
            let anonymous = try await client.execute(uri: "/api/workspaces", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func otherTenantsAreInvisible() async throws {
        let app = try await TestApplication()
        try await W.execute(app, "INSERT INTO tenants (id, slug, display_name) VALUES (2, 'acme', 'Acme')")
        try await W.execute(app, "INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (50, 'acme-main', 'Acme Main', 2)")
        let acme = try await W.session(app, user: "ann", role: "admin", workspaceID: 50)
        try await app.test { client in
            let list = try await W.send(client, .get, "/api/workspaces")
            #expect((list.json["workspaces"] as? [[String: Any]])?.count == 1)
            for (method, body) in [(HTTPRequest.Method.get, nil), (.put, #"{"name":"Mine"}"#), (.delete, nil)] {
                let response = try await W.send(client, method, "/api/workspaces/50", body)
                #expect(response.status == .notFound)
                #expect(response.text == #"{"error":"Workspace not found"}"#)
            }
            #expect(try await W.send(client, .get, "/api/workspaces/abc").text == #"{"error":"Workspace not found"}"#)
            let theirs = try await W.send(client, .get, "/api/workspaces", session: acme)
            let ids = (theirs.json["workspaces"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }
            #expect(ids == [50])
            #expect(theirs.json["tenant_id"] as? Int == 2)
            #expect(theirs.json["active_workspace_id"] as? Int == 50)
            #expect(try await W.send(client, .get, "/api/workspaces/1", session: acme).status == .notFound)
            let created = try await W.send(client, .post, "/api/workspaces", #"{"name":"Acme Two"}"#, session: acme)
            #expect((created.json["workspace"] as? [String: Any])?["tenant_id"] as? Int == 2)
        }
    }

    @Test func detailAndUpdate() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await W.create(client, #"{"name":"Ops","brand":"Acme","isolation":"strict"}"#)
            try await W.execute(app, "INSERT INTO agents (name, role, workspace_id) VALUES ('a1', 'r', ?), ('a2', 'r', ?)", [id, id])
            let detail = try await W.send(client, .get, "/api/workspaces/\(id)")
            #expect((detail.json["workspace"] as? [String: Any])?["agent_count"] as? Int == 2)
            let renamed = try await W.send(client, .put, "/api/workspaces/\(id)", #"{"name":"Operations"}"#)
            let kept = try #require(renamed.json["workspace"] as? [String: Any])
            #expect(kept["name"] as? String == "Operations")
            #expect(kept["brand"] as? String == "Acme")
            #expect(kept["isolation"] as? String == "strict")
            #expect(kept["slug"] as? String == "ops")
            let cleared = try await W.send(client, .put, "/api/workspaces/\(id)", #"{"name":"Ops","brand":null,"isolation":"shared"}"#)
            let changed = try #require(cleared.json["workspace"] as? [String: Any])
            #expect(changed["brand"] is NSNull)
            #expect(changed["isolation"] as? String == "shared")
            let unnamed = try await W.send(client, .put, "/api/workspaces/\(id)", #"{"brand":"x"}"#).text
            #expect(unnamed == Self.invalid + #""name: Invalid input: expected string, received undefined"],"error":"Validation failed"}"#)
            #expect(try await W.send(client, .put, "/api/workspaces/999", #"{"name":"x"}"#).status == .notFound)
            let audits = try await W.integer(
                app, "SELECT COUNT(*) FROM audit_log WHERE action = 'workspace_updated' AND target_id = ?", [id])
            #expect(audits == 2)
        }
    }

    @Test func newWorkspaceAcceptsTasks() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await W.create(client, #"{"name":"Fresh"}"#)
            let token = try await W.session(app, user: "fred", role: "operator", workspaceID: id)
            let created = try await W.send(client, .post, "/api/tasks", #"{"title":"First"}"#, session: token)
            #expect(created.status == .created)
            let task = try #require(created.json["task"] as? [String: Any])
            #expect(task["workspace_id"] as? Int == Int(id))
            #expect(task["ticket_ref"] as? String == "TASK-001")
            let general = try await W.integer(app, "SELECT id FROM projects WHERE workspace_id = ? AND slug = 'general'", [id])
            #expect(task["project_id"] as? Int == general.map(Int.init))
        }
    }
}
