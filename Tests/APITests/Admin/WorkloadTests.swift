import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `/api/workload`: thresholds from the environment, the advice rules and the report's figures.
@Suite struct WorkloadTests {
    typealias F = AdminFixtures
    typealias Inputs = WorkloadAdvice.Inputs

    @Test func thresholdsDefaultAndOverride() throws {
        #expect(try WorkloadThresholds(environment: EnvironmentReader([:])) == WorkloadThresholds())
        let custom = try WorkloadThresholds(
            environment: EnvironmentReader([
                "MC_WORKLOAD_QUEUE_DEPTH_THROTTLE": "5", "MC_WORKLOAD_BUSY_RATIO_SHED": "1",
                "MC_WORKLOAD_RECENT_WINDOW_SECONDS": "0.5",
            ]))
        #expect(custom.queueDepthThrottle == 5)
        #expect(custom.busyRatioShed == 1)
        #expect(custom.recentWindowSeconds == 1)
    }

    @Test(arguments: [
        ("MC_WORKLOAD_QUEUE_DEPTH_SHED", "lots"), ("MC_WORKLOAD_QUEUE_DEPTH_SHED", "-1"),
        ("MC_WORKLOAD_ERROR_RATE_SHED", "1.01"), ("MC_WORKLOAD_BUSY_RATIO_THROTTLE", "nan"),
        ("MC_WORKLOAD_RECENT_WINDOW_SECONDS", "99999999999"),
    ])
    func invalidThresholdsNameTheVariable(name: String, value: String) {
        #expect(throws: ConfigurationError.self) { try WorkloadThresholds(environment: EnvironmentReader([name: value])) }
        do {
            _ = try WorkloadThresholds(environment: EnvironmentReader([name: value]))
        } catch {
            #expect(error.variable == name)
        }
    }

    @Test(arguments: [
        (Inputs(errorRate: 0, totalPending: 0, busyRatio: 0.5, online: 2, totalAgents: 2), "normal", ["All metrics within normal bounds"]),
        (Inputs(errorRate: 0.1, totalPending: 0, busyRatio: 0, online: 1, totalAgents: 1), "throttle", ["Elevated error rate: 10.0%"]),
        (Inputs(errorRate: 0.25, totalPending: 49, busyRatio: 0, online: 1, totalAgents: 1), "shed", ["High error rate: 25.0%"]),
        (Inputs(errorRate: 0, totalPending: 50, busyRatio: 0, online: 1, totalAgents: 1), "throttle", ["Queue depth high: 50 pending tasks"]),
        (Inputs(errorRate: 0, totalPending: 100, busyRatio: 0.8, online: 5, totalAgents: 5), "shed",
         ["Queue depth critical: 100 pending tasks", "Agent saturation high: 80% busy"]),
        (Inputs(errorRate: 0, totalPending: 0, busyRatio: 0.95, online: 20, totalAgents: 20), "shed", ["Agent saturation critical: 95% busy"]),
        (Inputs(errorRate: 0, totalPending: 0, busyRatio: 0, online: 0, totalAgents: 3), "pause", ["No agents online"]),
        (Inputs(errorRate: 0.5, totalPending: 0, busyRatio: 0, online: 0, totalAgents: 0), "pause",
         ["High error rate: 50.0%", "No agents registered"]),
    ])
    func adviceEscalates(inputs: Inputs, action: String, details: [String]) {
        let advice = WorkloadAdvice(inputs, thresholds: WorkloadThresholds())
        #expect(advice.action.name == action)
        let expected = details == ["All metrics within normal bounds"] ? [] : details
        #expect(advice.details == expected)
        #expect((advice.action <= .throttle) == (action == "normal" || action == "throttle"))
    }

    @Test func reportFromTheDatabase() async throws {
        let app = try await TestApplication(environment: ["MC_WORKLOAD_QUEUE_DEPTH_THROTTLE": "3"])
        let now = Int(Date().timeIntervalSince1970)
        try await F.sql(
            app,
            """
            INSERT INTO agents (name, role, status) VALUES ('a1', 'w', 'busy'), ('a2', 'w', 'idle'), ('a3', 'w', 'offline');
            INSERT INTO tasks (title, status, priority, assigned_to, created_at, updated_at) VALUES
              ('t1', 'inbox', 'high', NULL, ?, ?), ('t2', 'assigned', 'medium', 'a2', ?, ?),
              ('t3', 'in_progress', 'medium', 'a1', ?, ?), ('t4', 'done', 'low', 'a1', ?, ?);
            INSERT INTO activities (type, entity_type, entity_id, actor, description, created_at) VALUES
              ('task_created', 'task', 1, 'x', 'd', ?), ('task_dispatch_failed', 'task', 1, 'x', 'd', ?),
              ('agent_heartbeat', 'agent', 1, 'x', 'd', ?), ('task_error', 'task', 1, 'x', 'd', ?);
            """,
            [now - 100, now, now - 50, now, now, now, now, now - 60, now - 10, now - 10, now - 10, now - 10000])
        try await app.test { client in
            let response = try await F.send(client, .get, "/api/workload", F.admin)
            #expect(response.status == .ok)
            let capacity = response.json["capacity"] as? [String: Any] ?? [:]
            #expect(capacity["active_tasks"] as? Int == 2)
            #expect(capacity["tasks_last_5m"] as? Int == 1)
            #expect(capacity["errors_last_5m"] as? Int == 1)
            #expect(capacity["error_rate_5m"] as? Double == 0.3333)
            #expect(capacity["completions_last_hour"] as? Int == 1)
            #expect(capacity["avg_completion_rate_per_hour"] as? Double == 0.04)
            let queue = response.json["queue"] as? [String: Any] ?? [:]
            #expect(queue["total_pending"] as? Int == 3)
            #expect((queue["by_status"] as? [String: Int])?.count == 5)
            #expect((queue["by_priority"] as? [String: Int])?["urgent"] == 0)
            #expect((queue["by_priority"] as? [String: Int])?["medium"] == 2)
            #expect((queue["oldest_pending_age_seconds"] as? Int ?? 0) >= 100)
            #expect(queue["estimated_wait_seconds"] as? Int == 10800)
            #expect(queue["estimated_wait_confidence"] as? String == "calculated")
            let agents = response.json["agents"] as? [String: Any] ?? [:]
            #expect(agents["online"] as? Int == 2)
            #expect(agents["total"] as? Int == 3)
            #expect(agents["busy_ratio"] as? Double == 0.5)
            let load = agents["load_distribution"] as? [[String: Any]] ?? []
            #expect(load.map { $0["agent"] as? String } == ["a1", "a2"])
            let advice = response.json["recommendation"] as? [String: Any] ?? [:]
            #expect(advice["action"] as? String == "shed")
            #expect(advice["submit_ok"] as? Bool == false)
            #expect(advice["suggested_delay_ms"] as? Int == 10000)
            #expect(advice["details"] as? [String] == ["High error rate: 33.3%", "Queue depth high: 3 pending tasks"])
            #expect((response.json["thresholds"] as? [String: Any])?["queue_depth_throttle"] as? Int == 3)
        }
    }

    @Test func invalidEnvironmentStopsTheStartNamingTheVariable() async throws {
        await #expect {
            _ = try await TestApplication(environment: ["MC_WORKLOAD_ERROR_RATE_SHED": "high"])
        } throws: { error in
            "\(error)" == "invalid configuration: MC_WORKLOAD_ERROR_RATE_SHED: expected a ratio from 0 to 1, got 'high'"
        }
    }
}
