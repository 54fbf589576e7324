import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `GET /api/tasks/queue`: validation, scoping, claim order, capacity and concurrent claims.
@Suite struct TaskQueueTests {
    typealias Q = QueueTestSupport
    static let agentName = HTTPField.Name("x-agent-name")!

    @Test func validatesAgentAndCapacity() async throws {
        let app = try await TestApplication(environment: ["MC_DISABLE_RATE_LIMIT": "1"])
        try await app.test { client in
            let missing = try await Q.poll(client, "agent=%20%20")
            #expect(missing.status == .badRequest)
            #expect(missing.text == #"{"error":"Missing agent. Provide ?agent=... or x-agent-name header."}"#)
            for bad in ["0", "21", "2x", "-1", "1.5", "99999999999999999999999"] {
                let response = try await Q.poll(client, "agent=a&max_capacity=\(bad)")
                #expect(response.status == .badRequest, "max_capacity=\(bad)")
                #expect(response.text == #"{"error":"Invalid max_capacity. Expected integer 1..20."}"#)
            }
            for good in ["1", "20", ""] {
                let response = try await Q.poll(client, "agent=a&max_capacity=\(good)")
                #expect(response.status == .ok, "max_capacity=\(good)")
                #expect(response.json["reason"] as? String == "no_tasks_available")
                #expect(response.json["agent"] as? String == "a")
                #expect(response.json["task"] is NSNull)
                #expect(response.json["timestamp"] as? Int != nil)
            }
            // The header names the agent when the query does not.
            let byHeader = try await Q.poll(client, "", headers: [Self.agentName: "from-header"])
            #expect(byHeader.json["agent"] as? String == "from-header")
        }
    }

    @Test func rolesAndAgentScope() async throws {
        let app = try await TestApplication(environment: ["MC_DISABLE_RATE_LIMIT": "1"])
        try await app.test { client in
            let viewer = try await AgentTestSupport.user(app.dependencies.database, "vera", role: "viewer")
            let denied = try await AgentTestSupport.send(
                client, .get, "/api/tasks/queue?agent=a", headers: AgentTestSupport.session(viewer))
            #expect(denied.status == .forbidden)
            #expect(denied.text == #"{"error":"Requires operator role or higher"}"#)

            let key = try await TaskTestSupport.agentKey(app, agent: "alpha")
            let other = try await TaskTestSupport.send(client, .get, "/api/tasks/queue?agent=beta", key: key)
            #expect(other.status == .forbidden)
            #expect(other.text == #"{"error":"Access denied: agent key may only access its own agent."}"#)
            try await Q.task(app, "for alpha")
            let own = try await TaskTestSupport.send(client, .get, "/api/tasks/queue", key: key)
            #expect(own.status == .ok)
            #expect(own.json["agent"] as? String == "alpha")
            #expect(own.json["reason"] as? String == "assigned")
        }
    }

    @Test func claimsInPriorityDueDateAndAgeOrder() async throws {
        let app = try await TestApplication(environment: ["MC_DISABLE_RATE_LIMIT": "1"])
        let low = try await Q.task(app, "low", priority: "low", createdAt: 1)
        let oldMedium = try await Q.task(app, "old medium", createdAt: 10)
        let newMedium = try await Q.task(app, "new medium", createdAt: 20)
        let dueMedium = try await Q.task(app, "due medium", dueDate: 5_000, createdAt: 30)
        let critical = try await Q.task(app, "critical", priority: "critical", createdAt: 40)
        let mine = try await Q.task(app, "assigned to me", status: "assigned", priority: "high", assignedTo: "ann")
        let others = try await Q.task(app, "someone else's", status: "assigned", priority: "critical", assignedTo: "bob")
        try await Q.task(app, "in review", status: "review", priority: "critical")
        try await app.test { client in
            var order: [Int] = []
            for _ in 0..<6 {
                let response = try await Q.poll(client, "agent=ann&max_capacity=20")
                #expect(response.json["reason"] as? String == "assigned")
                let task = try #require(response.json["task"] as? [String: Any])
                #expect(task["status"] as? String == "in_progress")
                #expect(task["assigned_to"] as? String == "ann")
                order.append(try #require(task["id"] as? Int))
            }
            #expect(order == [critical, mine, dueMedium, oldMedium, newMedium, low].map(Int.init))
            #expect(try await Q.poll(client, "agent=ann&max_capacity=20").json["reason"] as? String == "continue_current")
            let stillBobs: [String] = try await TaskTestSupport.column(app, "SELECT assigned_to FROM tasks WHERE id = \(others)")
            #expect(stillBobs == ["bob"])
            let events = try await AgentTestSupport.eventTypes(app.dependencies.database)
            #expect(events.filter { $0 == "task.status_changed" }.count == 6)
            let activities: [String] = try await TaskTestSupport.column(app, "SELECT type FROM activities WHERE entity_type = 'task'")
            #expect(activities == Array(repeating: "task_updated", count: 6))
        }
    }

    @Test func capacityDecidesBetweenContinueAndAtCapacity() async throws {
        let app = try await TestApplication(environment: ["MC_DISABLE_RATE_LIMIT": "1"])
        let first = try await Q.task(app, "first", priority: "high")
        let second = try await Q.task(app, "second")
        try await Q.task(app, "third", priority: "low")
        try await app.test { client in
            #expect(Q.taskID(try await Q.poll(client, "agent=cy")) == Int(first))
            let current = try await Q.poll(client, "agent=cy")
            #expect(current.json["reason"] as? String == "continue_current")
            #expect(Q.taskID(current) == Int(first))
            // A second slot takes the next task; then both slots are full.
            let more = try await Q.poll(client, "agent=cy&max_capacity=2")
            #expect(more.json["reason"] as? String == "assigned")
            #expect(Q.taskID(more) == Int(second))
            let full = try await Q.poll(client, "agent=cy&max_capacity=2")
            #expect(full.json["reason"] as? String == "at_capacity")
            #expect(full.json["task"] is NSNull)
        }
    }

    @Test func concurrentPollsNeverClaimATaskTwice() async throws {
        let app = try await TestApplication(environment: ["MC_DISABLE_RATE_LIMIT": "1"])
        for index in 0..<10 { try await Q.task(app, "task \(index)", createdAt: Int64(index)) }
        try await app.test { client in
            let results = try await withThrowingTaskGroup(of: (String, Int?).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let response = try await Q.poll(client, "agent=worker-\(index % 2 == 0 ? "even" : "odd")-\(index)")
                        return (response.json["reason"] as? String ?? response.text, Q.taskID(response))
                    }
                }
                return try await group.reduce(into: [(String, Int?)]()) { $0.append($1) }
            }
            let claimed = results.filter { $0.0 == "assigned" }.compactMap(\.1)
            #expect(claimed.count == 10)
            #expect(Set(claimed).count == 10)
            #expect(results.filter { $0.0 == "no_tasks_available" }.count == 10)
            let owners: [String] = try await TaskTestSupport.column(app, "SELECT DISTINCT assigned_to FROM tasks")
            #expect(owners.count == 10)
        }
    }

    @Test func twoAgentsPollingTogetherGetDifferentTasks() async throws {
        let app = try await TestApplication(environment: ["MC_DISABLE_RATE_LIMIT": "1"])
        for index in 0..<10 { try await Q.task(app, "task \(index)", createdAt: Int64(index)) }
        try await app.test { client in
            let ids = try await withThrowingTaskGroup(of: [Int].self) { group in
                for agent in ["left", "right"] {
                    group.addTask {
                        var mine: [Int] = []
                        for _ in 0..<10 {
                            let response = try await Q.poll(client, "agent=\(agent)&max_capacity=20")
                            if response.json["reason"] as? String == "assigned", let id = Q.taskID(response) { mine.append(id) }
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(ids.count == 10)
            #expect(Set(ids).count == 10)
        }
    }

    @Test func pollingIsRateLimitedPerAgent() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            for _ in 0..<20 {
                #expect(try await Q.poll(client, "", headers: [Self.agentName: "busy"]).status == .ok)
            }
            let limited = try await Q.poll(client, "", headers: [Self.agentName: "busy"])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.json["error"] as? String == "Agent task polling rate limit exceeded.")
            #expect(try await Q.poll(client, "", headers: [Self.agentName: "calm"]).status == .ok)
        }
    }
}
