import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `/api/notifications`, including the fix for quirk 15 (only admins read other recipients).
@Suite struct NotificationRoutesTests {
    typealias F = AdminFixtures

    /// Two notifications for `olga`, one for the agent `scout`, one for `olga` in workspace 2.
    static func seed(_ app: TestApplication) async throws {
        try await app.dependencies.database.write { db, events in
            try NotificationLog.append(
                db, events: &events, recipient: "olga", type: "assignment", title: "Task Assigned", message: "m1",
                sourceType: "task", sourceID: 1, workspaceID: 1)
            try NotificationLog.append(
                db, events: &events, recipient: "olga", type: "mention", title: "You were mentioned", message: "m2",
                workspaceID: 1)
            try NotificationLog.append(
                db, events: &events, recipient: "scout", type: "message", title: "Direct Message", message: "m3",
                workspaceID: 1)
            try NotificationLog.append(
                db, events: &events, recipient: "olga", type: "mention", title: "elsewhere", message: "m4", workspaceID: 2)
        }
        try await F.sql(app, "INSERT INTO tasks (id, title, status) VALUES (1, 'Fix the build', 'assigned')")
    }

    @Test func appendEmitsTheOriginalsEvent() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        let payload = try await app.dependencies.database.read { db in
            try String.fetchOne(db, sql: "SELECT payload FROM events WHERE type = 'notification.created' ORDER BY id LIMIT 1")
        }
        let text = try #require(payload)
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["id", "recipient", "type", "title", "message", "source_type", "source_id", "created_at", "workspace_id"])
        #expect(object["recipient"] as? String == "olga")
        #expect(object["source_id"] as? Int == 1)
    }

    @Test func ownersAndAdminsReadAgentsWorkIsVisibleOtherPeopleAreRefused() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        let (olga, _) = try await F.session(app, username: "olga", role: .viewer)
        let scout = try await F.agentKey(app, agent: "scout", scopes: ["viewer"])
        try await app.test { client in
            let own = try await F.send(client, .get, "/api/notifications?recipient=olga", olga)
            #expect(own.status == .ok)
            #expect(own.json["total"] as? Int == 2)
            #expect(own.json["unreadCount"] as? Int == 2)
            #expect(own.json["page"] as? Int == 1)
            let items = own.json["notifications"] as? [[String: Any]] ?? []
            let source = items.first { $0["type"] as? String == "assignment" }?["source"] as? [String: Any]
            #expect(source?["title"] as? String == "Fix the build")

            let other = try await F.send(client, .get, "/api/notifications?recipient=admin", olga)
            #expect(other.status == .forbidden)
            #expect(other.text == #"{"error":"You can only access your own notifications"}"#)
            // A session's x-agent-name header is attribution only, not ownership.
            var spoof = olga
            spoof[HTTPField.Name("x-agent-name")!] = "admin"
            #expect(try await F.send(client, .get, "/api/notifications?recipient=admin", spoof).status == .forbidden)
            // An agent's notifications are its pending work: readable by every viewer.
            let agentsWork = try await F.send(client, .get, "/api/notifications?recipient=scout", olga)
            #expect(agentsWork.status == .ok)
            #expect(agentsWork.json["total"] as? Int == 1)
            // ... but not marked read by them.
            let mark = try await F.send(client, .put, "/api/notifications", olga, #"{"recipient":"scout","markAllRead":true}"#)
            #expect(mark.status == .forbidden)

            let agent = try await F.send(client, .get, "/api/notifications?recipient=scout", scout)
            #expect(agent.json["total"] as? Int == 1)
            #expect(try await F.send(client, .get, "/api/notifications?recipient=olga", scout).status == .forbidden)

            let admin = try await F.send(client, .get, "/api/notifications?recipient=scout", F.admin)
            #expect(admin.json["total"] as? Int == 1)
            let missing = try await F.send(client, .get, "/api/notifications", F.admin)
            #expect(missing.status == .badRequest)
            #expect(missing.text == #"{"error":"Recipient is required"}"#)
        }
    }

    @Test func filtersAndLimits() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await app.test { client in
            let mentions = try await F.send(client, .get, "/api/notifications?recipient=olga&type=mention", F.admin)
            #expect(mentions.json["total"] as? Int == 1)
            let page = try await F.send(client, .get, "/api/notifications?recipient=olga&limit=1&offset=1", F.admin)
            #expect(page.json["page"] as? Int == 2)
            #expect((page.json["notifications"] as? [Any])?.count == 1)
            #expect(try await F.send(client, .get, "/api/notifications?recipient=olga&limit=500", F.admin).json["limit"] as? Int == 500)
            #expect(try await F.send(client, .get, "/api/notifications?recipient=olga&limit=501", F.admin).json["limit"] as? Int == 500)
        }
    }

    @Test func markReadOwnOnlyThenUnreadFilter() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        let (olga, _) = try await F.session(app, username: "olga", role: .operator)
        try await app.test { client in
            // ids 1, 2 are olga's, 3 is scout's: only hers change.
            let marked = try await F.send(client, .put, "/api/notifications", olga, #"{"ids":[1,3]}"#)
            #expect(marked.text == #"{"markedAsRead":1,"success":true}"#)
            let unread = try await F.send(client, .get, "/api/notifications?recipient=olga&unread_only=true", olga)
            #expect(unread.json["total"] as? Int == 1)
            let all = try await F.send(client, .put, "/api/notifications", olga, #"{"recipient":"olga","markAllRead":true}"#)
            #expect(all.text == #"{"markedAsRead":1,"success":true}"#)
            let foreign = try await F.send(client, .put, "/api/notifications", olga, #"{"recipient":"scout","markAllRead":true}"#)
            #expect(foreign.status == .forbidden)
            let bad = try await F.send(client, .put, "/api/notifications", olga, #"{"recipient":"olga"}"#)
            #expect(bad.text == #"{"error":"Provide ids, or recipient with markAllRead"}"#)
            let badIDs = try await F.send(client, .put, "/api/notifications", olga, #"{"ids":["x"]}"#)
            #expect(badIDs.text == #"{"error":"ids must be an array of integers"}"#)
            // Admins may mark anyone's.
            let admin = try await F.send(client, .put, "/api/notifications", F.admin, #"{"ids":[3]}"#)
            #expect(admin.json["markedAsRead"] as? Int == 1)
        }
    }

    @Test func deleteAndMarkDelivered() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        let scout = try await F.agentKey(app, agent: "scout")
        try await app.test { client in
            let delivered = try await F.send(client, .post, "/api/notifications", scout, #"{"action":"mark-delivered","agent":"scout"}"#)
            #expect(delivered.json["delivered"] as? Int == 1)
            #expect(((delivered.json["notifications"] as? [[String: Any]])?.first?["delivered_at"] as? Int) != nil)
            let twice = try await F.send(client, .post, "/api/notifications", scout, #"{"action":"mark-delivered","agent":"scout"}"#)
            #expect(twice.json["delivered"] as? Int == 0)
            let foreign = try await F.send(client, .post, "/api/notifications", scout, #"{"action":"mark-delivered","agent":"olga"}"#)
            #expect(foreign.status == .forbidden)
            let badAction = try await F.send(client, .post, "/api/notifications", scout, #"{"action":"explode","agent":"scout"}"#)
            #expect(badAction.text == #"{"error":"action must be 'mark-delivered'"}"#)
            let noAgent = try await F.send(client, .post, "/api/notifications", scout, #"{"action":"mark-delivered"}"#)
            #expect(noAgent.text == #"{"error":"agent is required"}"#)

            #expect(try await F.send(client, .delete, "/api/notifications", scout, #"{"ids":[1]}"#).status == .forbidden)
            let deleted = try await F.send(client, .delete, "/api/notifications", F.admin, #"{"ids":[1,4]}"#)
            #expect(deleted.text == #"{"deleted":1,"success":true}"#)
            let older = try await F.send(
                client, .delete, "/api/notifications", F.admin, #"{"recipient":"olga","olderThan":\#(Int(Date().timeIntervalSince1970) + 10)}"#)
            #expect(older.json["deleted"] as? Int == 1)
            let bad = try await F.send(client, .delete, "/api/notifications", F.admin, #"{"recipient":"olga"}"#)
            #expect(bad.text == #"{"error":"Provide ids, or recipient with olderThan"}"#)
        }
        // Workspace 2's notification was never touched.
        #expect(try await F.count(app, "SELECT COUNT(*) FROM notifications WHERE workspace_id = 2") == 1)
    }
}
