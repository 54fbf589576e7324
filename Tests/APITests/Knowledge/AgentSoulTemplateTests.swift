import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// SOUL templates (`PATCH /api/agents/{id}/soul`, `template_name` on `PUT`), the template
/// directory, and the `soul.md` mirror in agent workspaces.
@Suite struct AgentSoulTemplateTests {
    typealias Support = AgentTestSupport
    typealias Fixture = KnowledgeTestSupport

    /// An application whose template directory (the default, `<data dir>/soul-templates`)
    /// holds `coder`, `plain`, `huge` and two files that are not templates.
    static func application() async throws -> TestApplication {
        let app = try await TestApplication()
        let templates = app.directory + "/soul-templates"
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        try Fixture.write(
            templates + "/coder.md",
            "## Coder soul\nI am {{AGENT_NAME}}, a {{AGENT_ROLE}}; born {{TIMESTAMP}}. {{AGENT_NAME}}!")
        try Fixture.write(templates + "/plain.md", "\n\n  Just text\nmore")
        try Fixture.write(templates + "/notes.txt", "not a template")
        try Fixture.write(templates + "/bad name.md", "invalid name")
        try Fixture.write(templates + "/huge.md", String(repeating: "x", count: 50_001))
        return app
    }

    @Test func mcSoulTemplatesDirNamesTheDirectory() async throws {
        let templates = FileManager.default.temporaryDirectory.appendingPathComponent("soul-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: templates) }
        try Fixture.write(templates + "/elsewhere.md", "# Elsewhere")
        let app = try await TestApplication(environment: ["MC_SOUL_TEMPLATES_DIR": templates])
        try await app.test { client in
            try await Support.createAgent(client, "configured")
            let list = try await Support.send(client, .patch, "/api/agents/configured/soul")
            #expect((list.json["templates"] as? [[String: Any]])?.map { $0["name"] as? String } == ["elsewhere"])
        }
    }

    @Test func templatesAreListedAndShown() async throws {
        let app = try await Self.application()
        try await app.test { client in
            try await Support.createAgent(client, "souly")
            let list = try await Support.send(client, .patch, "/api/agents/souly/soul")
            #expect(list.status == .ok)
            let templates = try #require(list.json["templates"] as? [[String: Any]])
            #expect(templates.map { $0["name"] as? String } == ["coder", "huge", "plain"])
            #expect(templates[0]["description"] as? String == "Coder soul")
            #expect(templates[2]["description"] as? String == "Just text")
            #expect(templates[1]["size"] as? Int == 50_001)

            let one = try await Support.send(client, .patch, "/api/agents/souly/soul?template=coder")
            #expect(one.json["template_name"] as? String == "coder")
            #expect((one.json["content"] as? String)?.contains("{{AGENT_NAME}}") == true)

            let missing = try await Support.send(client, .patch, "/api/agents/souly/soul?template=writer")
            #expect(missing.status == .notFound)
            #expect(missing.text == #"{"error":"Template not found"}"#)
            let invalid = try await Support.send(client, .patch, "/api/agents/souly/soul?template=..%2Fetc")
            #expect(invalid.status == .badRequest)
            #expect(invalid.text == #"{"error":"Invalid template name"}"#)
            #expect(try await Support.send(client, .patch, "/api/agents/nobody/soul").status == .notFound)

            let soul = try await Support.send(client, .get, "/api/agents/souly/soul")
            #expect(soul.json["available_templates"] as? [String] == ["coder", "huge", "plain"])
        }
    }

    @Test func aTemplateFillsTheSoulWithItsPlaceholders() async throws {
        let app = try await Self.application()
        try await app.test { client in
            try await Support.createAgent(client, "filled", role: "reviewer")
            let put = try await Support.send(client, .put, "/api/agents/filled/soul", #"{"template_name":"coder"}"#)
            #expect(put.status == .ok)
            let soul = try #require(put.json["soul_content"] as? String)
            #expect(
                soul.wholeMatch(
                    of: /## Coder soul\nI am filled, a reviewer; born \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\. filled!/)
                    != nil)
            #expect(
                try await Support.send(client, .get, "/api/agents/filled/soul").json["soul_content"] as? String == soul)

            for (body, status, message) in [
                (#"{"template_name":"writer"}"#, HTTPResponse.Status.notFound, "Template not found"),
                (#"{"template_name":"-dash"}"#, .badRequest, "Invalid template name"),
                (#"{"template_name":"\#(String(repeating: "a", count: 65))"}"#, .badRequest, "Invalid template name"),
                (#"{"template_name":"huge"}"#, .badRequest, "Template content must be at most 50000 characters"),
                (#"{}"#, .badRequest, "soul_content or template_name is required"),
            ] {
                let response = try await Support.send(client, .put, "/api/agents/filled/soul", body)
                #expect(response.status == status, "\(body)")
                #expect(response.text == #"{"error":"\#(message)"}"#, "\(body)")
            }
            let longest = String(repeating: "a", count: 64)
            let valid = try await Support.send(
                client, .put, "/api/agents/filled/soul", #"{"template_name":"\#(longest)"}"#)
            #expect(valid.text == #"{"error":"Template not found"}"#)
        }
        let activity = try await Support.rows(
            app.dependencies.database, "SELECT description, data FROM activities WHERE type = 'agent_soul_updated'")
        #expect(activity.count == 1)
        #expect(activity.first?["description"] == "SOUL content updated for agent filled using template: coder")
    }

    @Test func theDefaultDirectoryIsInTheDataDirectoryAndMayBeAbsent() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Support.createAgent(client, "plain")
            let none = try await Support.send(client, .patch, "/api/agents/plain/soul")
            #expect(none.json["templates"] as? [Any] != nil)
            #expect((none.json["templates"] as? [Any])?.isEmpty == true)
            #expect(none.json["message"] as? String == "Templates directory not found")
            let directory = app.directory + "/soul-templates"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Fixture.write(directory + "/ops.md", "# Ops\n{{AGENT_NAME}}")
            let listed = try await Support.send(client, .patch, "/api/agents/plain/soul")
            #expect((listed.json["templates"] as? [[String: Any]])?.map { $0["name"] as? String } == ["ops"])
            #expect(
                try await Support.send(client, .put, "/api/agents/plain/soul", #"{"template_name":"ops"}"#).json[
                    "soul_content"] as? String == "# Ops\nplain")
        }
    }

    @Test func theSoulIsMirroredToTheAgentWorkspace() async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "soul-home")
        try await app.test { client in
            try await Fixture.agent(client, "mirrored", workspace: directory)
            let put = try await Support.send(client, .put, "/api/agents/mirrored/soul", #"{"soul_content":"be kind"}"#)
            #expect(put.json["saved_to_workspace"] as? Bool == true)
            #expect(Fixture.read(directory + "/soul.md") == "be kind")
            try await Support.createAgent(client, "unhomed")
            let plain = try await Support.send(client, .put, "/api/agents/unhomed/soul", #"{"soul_content":"x"}"#)
            #expect(plain.json["saved_to_workspace"] as? Bool == false)
        }
    }

    @Test func strictWorkspacesGetNoTemplates() async throws {
        let app = try await Self.application()
        let headers = try await Fixture.strictAdmin(app)
        try await app.test { client in
            let create = try await Support.send(
                client, .post, "/api/agents", #"{"name":"boxed","role":"coder"}"#, headers: headers)
            #expect(create.status == .created)
            let denied =
                #"{"error":"This resource is unavailable in strict workspaces because it has no workspace ownership metadata"}"#
            #expect(try await Support.send(client, .patch, "/api/agents/boxed/soul", headers: headers).text == denied)
            let put = try await Support.send(
                client, .put, "/api/agents/boxed/soul", #"{"template_name":"coder"}"#, headers: headers)
            #expect(put.status == .forbidden)
            #expect(put.text == denied)
            let soul = try await Support.send(client, .get, "/api/agents/boxed/soul", headers: headers)
            #expect(soul.json["available_templates"] as? [String] == [])
            #expect(
                try await Support.send(
                    client, .put, "/api/agents/boxed/soul", #"{"soul_content":"ok"}"#, headers: headers
                ).status == .ok)
        }
    }

    @Test func oversizedTemplatesAndOtherWorkspacesAreRefused() async throws {
        let app = try await Self.application()
        try Fixture.write(
            app.directory + "/soul-templates/giant.md", String(repeating: "g", count: SoulTemplates.maximumSize + 1))
        try await Fixture.execute(app, "INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (2, 'two', 'Two', 1)")
        try await Fixture.execute(app, "INSERT INTO agents (id, name, role, workspace_id) VALUES (80, 'far', 'coder', 2)")
        try await app.test { client in
            try await Support.createAgent(client, "near")
            let giant = try await Support.send(client, .patch, "/api/agents/near/soul?template=giant")
            #expect(giant.status == .contentTooLarge)
            #expect(giant.text == #"{"error":"Template too large (max 1048576 bytes)"}"#)
            for path in ["/api/agents/80/soul", "/api/agents/far/soul"] {
                let patch = try await Support.send(client, .patch, path)
                #expect(patch.text == #"{"error":"Agent not found"}"#)
                let put = try await Support.send(client, .put, path, #"{"template_name":"coder"}"#)
                #expect(put.status == .notFound)
            }
        }
    }
}
