import Foundation
import HTTPTypes
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `/api/budgets` and the heartbeat's `budget` object.
@Suite(.timeLimit(.minutes(1))) struct BudgetRoutesTests {
    typealias S = AgentTestSupport
    typealias B = BudgetTestSupport

    static func error(_ response: TestResponse) -> String? { response.json["error"] as? String }

    @Test func creationIsValidatedWithClearMessages() async throws {
        let app = try await TestApplication(busClients: [])
        try await app.test { client in
            let cases: [(String, String)] = [
                (#"{"period":"daily","limit_usd":1}"#, "scope is required (agent or workspace)"),
                (#"{"scope":"team","period":"daily","limit_usd":1}"#, "scope must be agent or workspace"),
                (#"{"scope":"agent","period":"daily","limit_usd":1}"#, "agent_name is required for an agent budget"),
                (#"{"scope":"agent","agent_name":" ","period":"daily","limit_usd":1}"#, "agent_name is required for an agent budget"),
                (#"{"scope":"workspace","agent_name":"alpha","period":"daily","limit_usd":1}"#, "agent_name is only allowed for an agent budget"),
                (#"{"scope":"workspace","limit_usd":1}"#, "period is required (daily or monthly)"),
                (#"{"scope":"workspace","period":"weekly","limit_usd":1}"#, "period must be daily or monthly"),
                (#"{"scope":"workspace","period":"daily"}"#, "limit_usd is required"),
                (#"{"scope":"workspace","period":"daily","limit_usd":"5"}"#, "limit_usd must be a number"),
                (#"{"scope":"workspace","period":"daily","limit_usd":0}"#, "limit_usd must be greater than 0"),
                (#"{"scope":"workspace","period":"daily","limit_usd":-1}"#, "limit_usd must be greater than 0"),
                (#"{"scope":"workspace","period":"daily","limit_usd":0.0000004}"#, "limit_usd must be greater than 0"),
                (#"{"scope":"workspace","period":"daily","limit_usd":1000000.000001}"#, "limit_usd must be at most 1000000"),
                (#"{"scope":"agent","agent_name":"\#(String(repeating: "a", count: 101))","period":"daily","limit_usd":1}"#, "agent_name must be at most 100 characters"),
            ]
            for (body, message) in cases {
                let response = try await S.send(client, .post, "/api/budgets", body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(Self.error(response) == message, "\(body)")
            }
        }
    }

    @Test func limitsAndNamesAtTheBoundAreAccepted() async throws {
        let app = try await TestApplication(busClients: [])
        try await app.test { client in
            let top = try await S.send(client, .post, "/api/budgets", #"{"scope":"workspace","period":"daily","limit_usd":1000000}"#)
            #expect(top.status == .created)
            #expect((top.json["budget"] as? [String: Any])?["limit_micros"] as? Int == 1_000_000_000_000)
            let bottom = try await S.send(client, .post, "/api/budgets", #"{"scope":"workspace","period":"monthly","limit_usd":0.000001}"#)
            #expect(bottom.status == .created)
            #expect((bottom.json["budget"] as? [String: Any])?["limit_micros"] as? Int == 1)
            let name = String(repeating: "a", count: 100)
            let long = try await S.send(client, .post, "/api/budgets", #"{"scope":"agent","agent_name":"\#(name)","period":"daily","limit_usd":1}"#)
            #expect(long.status == .created)
            let again = try await S.send(client, .post, "/api/budgets", #"{"scope":"workspace","period":"daily","limit_usd":2}"#)
            #expect(again.status == .conflict)
            #expect(Self.error(again) == "A daily budget already exists for this workspace")
        }
    }

    @Test func listUpdateDeleteAreAudited() async throws {
        let app = try await TestApplication(busClients: [])
        try await app.test { client in
            let created = try await S.send(client, .post, "/api/budgets", #"{"scope":"agent","agent_name":"alpha","period":"monthly","limit_usd":2.5}"#)
            let id = try #require((created.json["budget"] as? [String: Any])?["id"] as? Int)
            let list = try await S.send(client, .get, "/api/budgets")
            let budgets = try #require(list.json["budgets"] as? [[String: Any]])
            #expect(budgets.count == 1)
            #expect(budgets.first?["limit_usd"] as? Double == 2.5)
            #expect(budgets.first?["spent_usd"] as? Double == 0)
            #expect(budgets.first?["percent"] as? Double == 0)
            #expect(budgets.first?["period"] as? String == "monthly")
            let updated = try await S.send(client, .put, "/api/budgets", #"{"id":\#(id),"limit_usd":5}"#)
            #expect(updated.status == .ok)
            #expect((updated.json["budget"] as? [String: Any])?["limit_usd"] as? Double == 5)
            let badLimit = try await S.send(client, .put, "/api/budgets", #"{"id":\#(id),"limit_usd":0}"#)
            #expect(Self.error(badLimit) == "limit_usd must be greater than 0")
            let noID = try await S.send(client, .put, "/api/budgets", #"{"limit_usd":5}"#)
            #expect(Self.error(noID) == "id is required")
            let missing = try await S.send(client, .put, "/api/budgets", #"{"id":999,"limit_usd":5}"#)
            #expect(missing.status == .notFound)
            #expect(Self.error(missing) == "Budget not found")
            #expect(try await S.send(client, .delete, "/api/budgets", #"{"id":\#(id)}"#).status == .ok)
            let gone = try await S.send(client, .delete, "/api/budgets", #"{"id":\#(id)}"#)
            #expect(gone.status == .notFound)
            let audit = try await B.count(
                app.dependencies.database,
                "SELECT COUNT(*) FROM audit_log WHERE action IN ('budget_created', 'budget_updated', 'budget_deleted')")
            #expect(audit == 3)
        }
    }

    @Test func theHeartbeatSaysWhenTheAgentIsOverBudget() async throws {
        let app = try await TestApplication(busClients: [])
        try await app.test { client in
            let agent = try await S.createAgent(client, "alpha")
            _ = try await S.send(client, .post, "/api/budgets", #"{"scope":"agent","agent_name":"alpha","period":"daily","limit_usd":1}"#)
            let before = try await S.send(client, .get, "/api/agents/\(agent)/heartbeat")
            let budget = try #require(before.json["budget"] as? [String: Any])
            #expect(budget["over_budget"] as? Bool == false)
            #expect((budget["budgets"] as? [[String: Any]])?.first?["limit_usd"] as? Double == 1)
            // 66,667 output tokens of Sonnet 4.6 at $15/M: $1.000005, over the $1 cap.
            let report = #"{"token_usage":{"model":"claude-sonnet-4-6","inputTokens":0,"outputTokens":66667}}"#
            #expect(try await S.send(client, .post, "/api/agents/\(agent)/heartbeat", report).status == .ok)
            let after = try await S.send(client, .get, "/api/agents/\(agent)/heartbeat")
            let flagged = try #require(after.json["budget"] as? [String: Any])
            #expect(flagged["over_budget"] as? Bool == true)
            let entry = try #require((flagged["budgets"] as? [[String: Any]])?.first)
            #expect(entry["spent_usd"] as? Double == 1.000005)
            #expect(entry["percent"] as? Double == 100)
            let posted = try await S.send(client, .post, "/api/agents/\(agent)/heartbeat", "{}")
            #expect((posted.json["budget"] as? [String: Any])?["over_budget"] as? Bool == true)
            #expect(posted.json["token_recorded"] as? Bool == false)
        }
    }
}
