import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `GET /api/audit` filters and `GET /api/activities` (list, enrichment, stats).
@Suite struct AuditAndActivityTests {
    typealias F = AdminFixtures

    static func seedAudit(_ app: TestApplication) async throws {
        try await F.sql(app, "DELETE FROM audit_log")
        try await F.sql(
            app,
            """
            INSERT INTO audit_log (action, actor, detail, created_at, workspace_id) VALUES
              ('login', 'alice', '{"ip":"1"}', 100, 1), ('logout', 'alice', 'plain sentence', 200, 1),
              ('login', 'bob', NULL, 300, 1), ('login', 'mallory', NULL, 250, 2)
            """)
    }

    @Test(arguments: [
        ("", [300, 200, 100]), ("?action=login", [300, 100]), ("?actor=alice", [200, 100]),
        ("?since=200", [300, 200]), ("?until=200", [200, 100]), ("?since=150&until=250", [200]),
        ("?limit=2", [300, 200]), ("?limit=2&offset=2", [100]), ("?limit=0", [300, 200, 100]),
    ])
    func auditFilters(query: String, expected: [Int]) async throws {
        let app = try await TestApplication()
        try await Self.seedAudit(app)
        try await app.test { client in
            let response = try await F.send(client, .get, "/api/audit\(query)", F.admin)
            #expect(response.status == .ok)
            let events = response.json["events"] as? [[String: Any]] ?? []
            #expect(events.compactMap { $0["created_at"] as? Int } == expected)
        }
    }

    @Test func auditParsesDetailAndCapsLimit() async throws {
        let app = try await TestApplication()
        try await Self.seedAudit(app)
        try await app.test { client in
            let all = try await F.send(client, .get, "/api/audit?limit=10000", F.admin)
            #expect(all.json["limit"] as? Int == 10000)
            #expect(all.json["total"] as? Int == 3)
            let events = all.json["events"] as? [[String: Any]] ?? []
            #expect((events.last?["detail"] as? [String: Any])?["ip"] as? String == "1")
            #expect(events[1]["detail"] as? String == "plain sentence")
            #expect(try await F.send(client, .get, "/api/audit?limit=10001", F.admin).json["limit"] as? Int == 10000)
            #expect(try await F.send(client, .get, "/api/audit", F.admin).json["limit"] as? Int == 1000)
        }
    }

    @Test func activitiesFilterEnrichAndPage() async throws {
        let app = try await TestApplication()
        try await F.sql(
            app,
            """
            INSERT INTO tasks (id, title, status) VALUES (7, 'Ship it', 'in_progress');
            INSERT INTO comments (id, task_id, author, content) VALUES (3, 7, 'bob', 'Looks good');
            INSERT INTO agents (id, name, role, status) VALUES (5, 'scout', 'researcher', 'idle');
            INSERT INTO activities (type, entity_type, entity_id, actor, description, data, created_at, workspace_id) VALUES
              ('task_created', 'task', 7, 'alice', 'created', '{"k":1}', 10, 1),
              ('comment_added', 'comment', 3, 'bob', 'commented', NULL, 20, 1),
              ('agent_heartbeat', 'agent', 5, 'scout', 'beat', NULL, 30, 1),
              ('task_created', 'task', 99, 'eve', 'other ws', NULL, 40, 2);
            """)
        try await app.test { client in
            let all = try await F.send(client, .get, "/api/activities", F.admin)
            let rows = all.json["activities"] as? [[String: Any]] ?? []
            #expect(rows.compactMap { $0["created_at"] as? Int } == [30, 20, 10])
            #expect(all.json["total"] as? Int == 3)
            #expect(all.json["hasMore"] as? Bool == false)
            #expect((rows[0]["entity"] as? [String: Any])?["name"] as? String == "scout")
            #expect((rows[1]["entity"] as? [String: Any])?["task_title"] as? String == "Ship it")
            #expect((rows[2]["entity"] as? [String: Any])?["status"] as? String == "in_progress")
            #expect((rows[2]["data"] as? [String: Any])?["k"] as? Int == 1)

            let typed = try await F.send(client, .get, "/api/activities?type=task_created,agent_heartbeat", F.admin)
            #expect(typed.json["total"] as? Int == 2)
            #expect(try await F.send(client, .get, "/api/activities?actor=bob", F.admin).json["total"] as? Int == 1)
            #expect(try await F.send(client, .get, "/api/activities?entity_type=agent", F.admin).json["total"] as? Int == 1)
            #expect(try await F.send(client, .get, "/api/activities?since=20", F.admin).json["total"] as? Int == 1)
            let page = try await F.send(client, .get, "/api/activities?limit=1&offset=1", F.admin)
            #expect((page.json["activities"] as? [[String: Any]])?.count == 1)
            #expect(page.json["hasMore"] as? Bool == true)
        }
    }

    @Test func activityLimitIsCappedAt500() async throws {
        let app = try await TestApplication()
        try await F.sql(
            app,
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 501)
            INSERT INTO activities (type, entity_type, entity_id, actor, description) SELECT 'x', 'system', 0, 'a', 'd' FROM n
            """)
        try await app.test { client in
            for (limit, expected) in [(500, 500), (501, 500)] {
                let response = try await F.send(client, .get, "/api/activities?limit=\(limit)", F.admin)
                #expect((response.json["activities"] as? [[String: Any]])?.count == expected)
            }
            #expect((try await F.send(client, .get, "/api/activities", F.admin).json["activities"] as? [Any])?.count == 50)
        }
    }

    @Test func activityStats() async throws {
        let app = try await TestApplication()
        let now = Int(Date().timeIntervalSince1970)
        try await F.sql(
            app,
            """
            INSERT INTO activities (type, entity_type, entity_id, actor, description, created_at) VALUES
              ('a', 'system', 0, 'x', 'd', ?), ('a', 'system', 0, 'y', 'd', ?), ('b', 'system', 0, 'x', 'd', ?),
              ('old', 'system', 0, 'z', 'd', ?)
            """, [now - 10, now - 7200, now - 20, now - 2 * 86400])
        try await app.test { client in
            let stats = try await F.send(client, .get, "/api/activities?stats", F.admin)
            #expect(stats.json["timeframe"] as? String == "24 hours")
            let byType = stats.json["activityByType"] as? [[String: Any]] ?? []
            #expect(byType.first?["type"] as? String == "a")
            #expect(byType.first?["count"] as? Int == 2)
            #expect((stats.json["topActors"] as? [[String: Any]])?.first?["actor"] as? String == "x")
            let timeline = stats.json["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 3)
            #expect((timeline.first?["hour"] as? String)?.hasSuffix("Z") == true)
            let wide = try await F.send(client, .get, "/api/activities?stats=1&hours=72", F.admin)
            #expect(wide.json["timeframe"] as? String == "72 hours")
            #expect((wide.json["activityByType"] as? [Any])?.count == 3)
            let capped = try await F.send(client, .get, "/api/activities?stats=1&hours=721", F.admin)
            #expect(capped.json["timeframe"] as? String == "720 hours")
        }
    }
}
