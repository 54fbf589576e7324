import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// Wake, task broadcast and notification delivery: everything reaches agents as notifications
/// their heartbeat returns.
@Suite struct DeliveryRoutesTests {
    typealias S = AgentTestSupport

    @Test func wakeQueuesANotificationTheAgentsHeartbeatReturns() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await S.createAgent(client, "sleeper")
            let response = try await S.send(client, .post, "/api/agents/sleeper/wake", #"{"message":"  standup in 5  "}"#)
            #expect(response.status == .ok)
            #expect(response.json["success"] as? Bool == true)
            #expect(response.json["delivery"] as? String == "heartbeat")
            #expect(response.json["agent"] as? String == "sleeper")
            #expect(response.json["session_key"] is NSNull)
            let beat = try await S.send(client, .get, "/api/agents/\(id)/heartbeat")
            let items = beat.json["work_items"] as? [[String: Any]] ?? []
            let notifications = items.first { $0["type"] as? String == "notifications" }?["items"] as? [[String: Any]]
            #expect(notifications?.first?["type"] as? String == "wake")
            #expect((notifications?.first?["message"] as? String)?.hasSuffix(": standup in 5") == true)
            let status = try await S.rows(app.dependencies.database, "SELECT type FROM activities WHERE type = 'agent_wake_requested'")
            #expect(status.count == 1)
        }
    }

    @Test func wakeWithoutABodyUsesTheDefaultMessageAndUnknownAgentsAre404() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await S.createAgent(client, "idle-one")
            let response = try await S.send(client, .post, "/api/agents/idle-one/wake")
            #expect(response.status == .ok)
            let rows = try await S.rows(app.dependencies.database, "SELECT message FROM notifications WHERE type = 'wake'")
            #expect(rows.first?["message"] == .string("API Access: \(AgentWakeService.defaultMessage)"))
            let missing = try await S.send(client, .post, "/api/agents/nobody/wake", "{}")
            #expect(missing.status == .notFound)
            #expect(missing.json["error"] as? String == "Agent not found")
        }
    }

    @Test func messagesAtTheLimitPassAndOnePastIsRefused() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await S.createAgent(client, "limit-agent")
            let atLimit = String(repeating: "a", count: DeliveryRoutes.messageLimit)
            let ok = try await S.send(client, .post, "/api/agents/limit-agent/wake", #"{"message":"\#(atLimit)"}"#)
            #expect(ok.status == .ok)
            let past = try await S.send(client, .post, "/api/agents/limit-agent/wake", #"{"message":"\#(atLimit)a"}"#)
            #expect(past.status == .badRequest)
            #expect(past.json["error"] as? String == "Message must be at most \(DeliveryRoutes.messageLimit) characters")
            let wrongType = try await S.send(client, .post, "/api/agents/limit-agent/wake", #"{"message":5}"#)
            #expect(wrongType.json["error"] as? String == "message must be a string")
        }
    }

    @Test func broadcastNotifiesSubscribedAgentsAndSkipsPeople() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await S.createAgent(client, "alpha")
            try await S.createAgent(client, "beta")
            let created = try await S.send(client, .post, "/api/tasks", #"{"title":"Ship it","assigned_to":"alpha","description":"cc @beta"}"#)
            let taskID = try #require((created.json["task"] as? [String: Any])?["id"] as? Int)
            let response = try await S.send(client, .post, "/api/tasks/\(taskID)/broadcast", #"{"message":"freeze at noon"}"#)
            #expect(response.status == .ok)
            #expect(response.json["sent"] as? Int == 2)
            // The creator (the admin key's user) is subscribed too, but is not an agent.
            #expect(response.json["skipped"] as? Int == 1)
            let rows = try await S.rows(
                app.dependencies.database, "SELECT recipient FROM notifications WHERE title = 'Task Broadcast' ORDER BY recipient")
            #expect(rows.map { $0["recipient"] } == [.string("alpha"), .string("beta")])
            let activity = try await S.rows(app.dependencies.database, "SELECT entity_id FROM activities WHERE type = 'task_broadcast'")
            #expect(activity.first?["entity_id"] == .number(Double(taskID)))
        }
    }

    @Test func broadcastErrorsNameTheProblem() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let created = try await S.send(client, .post, "/api/tasks", #"{"title":"Quiet"}"#)
            let taskID = try #require((created.json["task"] as? [String: Any])?["id"] as? Int)
            let empty = try await S.send(client, .post, "/api/tasks/\(taskID)/broadcast", #"{"message":"   "}"#)
            #expect(empty.status == .badRequest)
            #expect(empty.json["error"] as? String == "Message is required")
            let noBody = try await S.send(client, .post, "/api/tasks/\(taskID)/broadcast")
            #expect(noBody.json["error"] as? String == "Request body required")
            let missing = try await S.send(client, .post, "/api/tasks/999999/broadcast", #"{"message":"hi"}"#)
            #expect(missing.status == .notFound)
            #expect(missing.json["error"] as? String == "Task not found")
            let invalid = try await S.send(client, .post, "/api/tasks/abc/broadcast", #"{"message":"hi"}"#)
            #expect(invalid.json["error"] as? String == "Invalid task ID")
        }
    }

    @Test func deliveryStatisticsCountAgentNotificationsOnly() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await S.createAgent(client, "gamma")
            try await S.createAgent(client, "delta")
            for agent in ["gamma", "gamma", "delta"] {
                _ = try await S.send(client, .post, "/api/agents/\(agent)/wake")
            }
            _ = try await S.send(client, .post, "/api/notifications", #"{"action":"mark-delivered","agent":"delta"}"#)
            let all = try await S.send(client, .get, "/api/notifications/deliver")
            let statistics = all.json["statistics"] as? [String: Any]
            #expect(statistics?["total"] as? Int == 3)
            #expect(statistics?["delivered"] as? Int == 1)
            #expect(statistics?["undelivered"] as? Int == 2)
            #expect(statistics?["delivery_rate"] as? Double == 33.33)
            let pending = all.json["agents_with_pending"] as? [[String: Any]]
            #expect(pending?.map { $0["recipient"] as? String } == ["gamma"])
            #expect(pending?.first?["pending_count"] as? Int == 2)
            #expect((all.json["recent_deliveries"] as? [[String: Any]])?.first?["recipient"] as? String == "delta")
            let filtered = try await S.send(client, .get, "/api/notifications/deliver?agent=delta")
            #expect((filtered.json["statistics"] as? [String: Any])?["total"] as? Int == 1)
            #expect(filtered.json["agent_filter"] as? String == "delta")
        }
    }

    @Test func deliveryPushIsRefusedWithTheReasonAndDryRunPreviews() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let none = try await S.send(client, .post, "/api/notifications/deliver", #"{"dry_run":true}"#)
            #expect(none.json["message"] as? String == "No pending notifications")
            try await S.createAgent(client, "epsilon")
            _ = try await S.send(client, .post, "/api/agents/epsilon/wake")
            let preview = try await S.send(client, .post, "/api/notifications/deliver", #"{"dry_run":true,"agent_filter":"epsilon"}"#)
            #expect(preview.status == .ok)
            #expect(preview.json["total_processed"] as? Int == 1)
            #expect(preview.json["dry_run"] as? Bool == true)
            let push = try await S.send(client, .post, "/api/notifications/deliver", "{}")
            #expect(push.status == .serviceUnavailable)
            #expect(push.json["error"] as? String == NotificationDeliveryReport.noPushChannel)
            for (limit, ok) in [("1", true), ("500", true), ("0", false), ("501", false)] {
                let response = try await S.send(client, .post, "/api/notifications/deliver", #"{"dry_run":true,"limit":\#(limit)}"#)
                #expect((response.status == .ok) == ok)
                if !ok { #expect(response.json["error"] as? String == "limit must be an integer between 1 and 500") }
            }
        }
    }
}
