import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `GET /api/mentions`: users and agents of the caller's workspace, filters and limit bounds.
@Suite struct MentionRoutesTests {
    typealias W = WorkspaceTestSupport

    static func seeded() async throws -> TestApplication {
        let app = try await TestApplication()
        try await W.execute(
            app, "INSERT INTO users (username, display_name, password_hash, role) VALUES ('bob', 'Bob Builder', 'x', 'viewer')")
        try await W.execute(
            app,
            """
            INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (7, 'other', 'Other', 1);
            INSERT INTO agents (name, role, workspace_id) VALUES ('Build Bot', 'builder', 1), ('scout', 'researcher', 1),
                ('hidden-bob', 'r', 7);
            """)
        return app
    }

    static func handles(_ response: TestResponse) -> [String] {
        (response.json["mentions"] as? [[String: Any]])?.compactMap { $0["handle"] as? String } ?? []
    }

    @Test func listsTheWorkspacesUsersAndAgents() async throws {
        try await Self.seeded().test { client in
            let all = try await W.send(client, .get, "/api/mentions")
            #expect(Self.handles(all) == ["admin", "bob", "build bot", "build-bot", "scout"])
            #expect(all.json["total"] as? Int == 5)
            #expect(all.json["q"] as? String == "")
            let bob = try await W.send(client, .get, "/api/mentions?q=BOB")
            #expect(Self.handles(bob) == ["bob"])
            let entry = try #require((bob.json["mentions"] as? [[String: Any]])?.first)
            #expect(entry["recipient"] as? String == "bob")
            #expect(entry["type"] as? String == "user")
            #expect(entry["display"] as? String == "Bob Builder")
            #expect(entry["role"] as? String == "viewer")
            #expect(bob.json["q"] as? String == "BOB")
            // Prefix matches come first: "build…" handles before "bob" (display "Bob Builder").
            #expect(Self.handles(try await W.send(client, .get, "/api/mentions?q=buil")) == ["build bot", "build-bot", "bob"])
            let agents = try await W.send(client, .get, "/api/mentions?type=agent")
            #expect(Self.handles(agents) == ["build bot", "build-bot", "scout"])
            let scout = (agents.json["mentions"] as? [[String: Any]])?.last
            #expect(scout?["recipient"] as? String == "scout" && scout?["role"] as? String == "researcher")
            #expect(Self.handles(try await W.send(client, .get, "/api/mentions?type=user")) == ["admin", "bob"])
        }
    }

    @Test func limitAndTypeBounds() async throws {
        try await Self.seeded().test { client in
            for limit in ["0", "201", "-1", "ten"] {
                let response = try await W.send(client, .get, "/api/mentions?limit=\(limit)")
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"error":"limit must be between 1 and 200"}"#)
            }
            let one = try await W.send(client, .get, "/api/mentions?limit=1")
            #expect(Self.handles(one) == ["admin"])
            #expect(one.json["total"] as? Int == 5)
            #expect(Self.handles(try await W.send(client, .get, "/api/mentions?limit=200")).count == 5)
            let badType = try await W.send(client, .get, "/api/mentions?type=robot")
            #expect(badType.status == .badRequest)
            #expect(badType.text == #"{"error":"type must be user or agent"}"#)
        }
    }

    @Test func isScopedToTheCallersWorkspace() async throws {
        let app = try await Self.seeded()
        let token = try await W.session(app, user: "olga", role: "viewer", workspaceID: 7)
        try await app.test { client in
            let response = try await W.send(client, .get, "/api/mentions", session: token)
            #expect(Self.handles(response) == ["hidden-bob", "olga"])
            #expect(Self.handles(try await W.send(client, .get, "/api/mentions?q=hidden")).isEmpty)
        }
    }
}
