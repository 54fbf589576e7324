import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `/api/search` over the FTS5 indexes: ranking, sync with the base tables, scoping, and
/// queries that would be FTS5 syntax errors if passed through.
@Suite struct SearchRoutesTests {
    typealias F = AdminFixtures

    static func seed(_ app: TestApplication) async throws {
        try await F.sql(
            app,
            """
            INSERT INTO tasks (id, title, description, status, assigned_to, created_at) VALUES
              (1, 'Deploy pipeline', 'Roll out the new build', 'assigned', 'scout', 100),
              (2, 'Write docs', 'Explain how we deploy to production', 'inbox', NULL, 200),
              (3, 'Unrelated', 'Nothing to see', 'inbox', NULL, 300);
            INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (2, 'two', 'Two', 1);
            INSERT INTO tasks (id, title, description, workspace_id) VALUES (4, 'Deploy secret', 'other workspace', 2);
            INSERT INTO comments (id, task_id, author, content) VALUES (1, 3, 'bob', 'Can we deploy on Friday?');
            INSERT INTO agents (id, name, role, status, soul_content) VALUES (1, 'deployer', 'release', 'idle', 'I ship Café builds');
            """)
    }

    @Test func rankingTypesAndScoping() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await app.test { client in
            let response = try await F.send(client, .get, "/api/search?q=deploy", F.admin)
            #expect(response.status == .ok)
            #expect(response.json["query"] as? String == "deploy")
            let results = response.json["results"] as? [[String: Any]] ?? []
            let keys = results.map { "\($0["type"] as? String ?? "?")#\($0["id"] as? Int ?? 0)" }
            // Title/name matches (relevance 2) first; the other workspace's task never appears.
            #expect(Set(keys.prefix(2)) == ["task#1", "agent#1"])
            #expect(Set(keys.dropFirst(2)) == ["task#2", "comment#1"])
            #expect(response.json["count"] as? Int == 4)
            let task = try #require(results.first { $0["type"] as? String == "task" && $0["id"] as? Int == 1 })
            #expect(task["subtitle"] as? String == "assigned · scout")
            #expect(task["relevance"] as? Int == 2)
            let docs = try #require(results.first { $0["id"] as? Int == 2 && $0["type"] as? String == "task" })
            #expect(docs["excerpt"] as? String == "Explain how we deploy to production")
            #expect(docs["relevance"] as? Int == 1)

            let onlyComments = try await F.send(client, .get, "/api/search?q=deploy&type=comment", F.admin)
            #expect((onlyComments.json["results"] as? [[String: Any]])?.map { $0["type"] as? String } == ["comment"])
            // Accents and case fold; words are prefixes.
            let folded = try await F.send(client, .get, "/api/search?q=CAFE", F.admin)
            #expect((folded.json["results"] as? [[String: Any]])?.first?["title"] as? String == "deployer")
            let limited = try await F.send(client, .get, "/api/search?q=deploy&limit=1", F.admin)
            #expect((limited.json["results"] as? [Any])?.count == 1)
        }
    }

    @Test func recordKindsUseEscapedLike() async throws {
        let app = try await TestApplication()
        try await F.sql(
            app,
            """
            INSERT INTO activities (type, entity_type, entity_id, actor, description) VALUES
              ('x', 'system', 0, 'bob', 'Rolled back 100% of hosts'), ('x', 'system', 0, 'bob', 'Rolled back 1000 hosts');
            INSERT INTO messages (conversation_id, from_agent, to_agent, content) VALUES ('c1', 'scout', NULL, 'rollback done');
            INSERT INTO audit_log (action, actor, detail) VALUES ('rollback_started', 'admin', '{"why":"rollback"}');
            """)
        let (viewer, _) = try await F.session(app, username: "vera", role: .viewer)
        try await app.test { client in
            let percent = try await F.send(client, .get, "/api/search?q=100%25&type=activity", F.admin)
            let titles = (percent.json["results"] as? [[String: Any]])?.compactMap { $0["title"] as? String }
            #expect(titles == ["Rolled back 100% of hosts"])
            let message = try await F.send(client, .get, "/api/search?q=rollback&type=message", F.admin)
            let first = (message.json["results"] as? [[String: Any]])?.first
            #expect(first?["title"] as? String == "scout → all")
            #expect(first?["subtitle"] as? String == "c1")
            let admin = try await F.send(client, .get, "/api/search?q=rollback", F.admin)
            let kinds = Set((admin.json["results"] as? [[String: Any]])?.compactMap { $0["type"] as? String } ?? [])
            #expect(kinds == ["message", "audit"])
            // Audit rows are for admins only.
            let forViewer = try await F.send(client, .get, "/api/search?q=rollback", viewer)
            let viewerKinds = Set((forViewer.json["results"] as? [[String: Any]])?.compactMap { $0["type"] as? String } ?? [])
            #expect(viewerKinds == ["message"])
        }
    }

    @Test func indexFollowsUpdatesAndDeletes() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await F.sql(app, "UPDATE tasks SET title = 'Renamed thing', description = 'gone' WHERE id = 1")
        try await F.sql(app, "DELETE FROM tasks WHERE id = 3")  // cascades to its comment
        try await app.test { client in
            let old = try await F.send(client, .get, "/api/search?q=pipeline", F.admin)
            #expect((old.json["results"] as? [Any])?.isEmpty == true)
            let renamed = try await F.send(client, .get, "/api/search?q=renamed", F.admin)
            #expect((renamed.json["results"] as? [[String: Any]])?.first?["id"] as? Int == 1)
            let comment = try await F.send(client, .get, "/api/search?q=friday", F.admin)
            #expect((comment.json["results"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: [
        "\"", "\"\"", "\"deploy", "AND OR (", "NOT deploy", "title:deploy", "deploy*", "NEAR(a b)", "^deploy", "a-b", "')--",
        "%22%20OR%20%22", "*", "{}",
    ])
    func syntaxIsNeverAnError(q: String) async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        let encoded = q.contains("%") ? q : q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
        try await app.test { client in
            let response = try await F.send(client, .get, "/api/search?q=\(encoded)", F.admin)
            #expect(response.status == .ok || response.status == .badRequest, "\(q)")
            #expect(response.status != .internalServerError)
        }
    }

    @Test func operatorsAreSearchedAsWords() {
        #expect(SearchQuery.matchExpression("AND OR (") == #""AND"* "OR"*"#)
        #expect(SearchQuery.matchExpression(#"say "hi""#) == #""say"* """hi"""*"#)
        #expect(SearchQuery.matchExpression(#"" ( )"#) == nil)
    }

    @Test func shortQueriesAre400() async throws {
        try await TestApplication().test { client in
            for uri in ["/api/search", "/api/search?q=a", "/api/search?q=%20a%20"] {
                let response = try await F.send(client, .get, uri, F.admin)
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"error":"Query must be at least 2 characters"}"#)
            }
            #expect(try await F.send(client, .get, "/api/search?q=ab", F.admin).status == .ok)
        }
    }

    @Test func excerptWindow() {
        let text = String(repeating: "x", count: 100) + "needle" + String(repeating: "y", count: 100)
        let excerpt = SearchQuery.excerpt(text, query: "needle")
        #expect(excerpt == "..." + String(repeating: "x", count: 40) + "needle" + String(repeating: "y", count: 80) + "...")
        #expect(SearchQuery.excerpt(String(repeating: "z", count: 130), query: "q") == String(repeating: "z", count: 120) + "...")
        #expect(SearchQuery.excerpt("short", query: "q") == "short")
    }
}
