import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `GET /api/agents/optimize`: the report on hand-built token usage and tasks, the pure
/// thresholds, and the refusals.
@Suite struct AgentOptimizeTests {
    typealias Support = AgentTestSupport

    /// `opt`: 3000 tokens ($0.02 recorded) and 2 tasks done (one per half of the last day),
    /// 1 of 3 touched tasks retried; `peer`: 800 tokens, 2 tasks; `idle`: nothing.
    static func seed(_ app: TestApplication) async throws {
        let now = Int64(Date().timeIntervalSince1970)
        let hour = Int64(3600)
        try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO agents (name, role) VALUES ('opt', 'coder'), ('peer', 'coder'), ('idle', 'coder')")
            try db.execute(
                sql: """
                    INSERT INTO token_usage (model, session_id, input_tokens, output_tokens, cost_usd, agent_name, created_at) VALUES
                      ('m', 'opt:cli', 1000, 1000, 0.02, 'opt', ?),
                      ('m', 'opt:chat', 500, 500, NULL, NULL, ?),
                      ('m', 'peer:cli', 400, 400, NULL, 'peer', ?),
                      ('m', 'opt:cli', 9999, 9999, 1.0, 'opt', ?)
                    """, arguments: [now - hour, now - 20 * hour, now - hour, now - 48 * hour])
            for (agent, created, completed) in [
                ("opt", now - 2 * hour, now - hour), ("opt", now - 20 * hour, now - 19 * hour),
                ("peer", now - 3 * hour, now - 2 * hour), ("peer", now - 5 * hour, now - 4 * hour),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO tasks (title, status, assigned_to, created_at, updated_at, completed_at)
                        VALUES ('t', 'done', ?, ?, ?, ?)
                        """, arguments: [agent, created, completed, completed])
            }
            try db.execute(
                sql: """
                    INSERT INTO tasks (title, status, assigned_to, retry_count, created_at, updated_at)
                    VALUES ('t', 'in_progress', 'opt', 1, ?, ?)
                    """, arguments: [now - hour, now - 100])
        }
    }

    @Test func theReportComparesTheAgentWithItsFleet() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await app.test { client in
            let response = try await Support.send(client, .get, "/api/agents/optimize?agent=opt")
            #expect(response.status == .ok)
            #expect(response.json["agent"] as? String == "opt")
            #expect(response.json["hours"] as? Int == 24)
            #expect(response.json["analyzedAt"] as? Int != nil)
            let efficiency = try #require(response.json["efficiency"] as? [String: Any])
            #expect(efficiency["tokensPerTask"] as? Double == 1500)
            #expect(efficiency["fleetAverage"] as? Double == 950)
            #expect(efficiency["percentile"] as? Double == 0)
            #expect(efficiency["trend"] as? String == "declining")
            #expect(efficiency["costPerTask"] as? Double == 0.01)
            let tools = try #require(response.json["toolPatterns"] as? [String: [Any]])
            #expect(tools.values.allSatisfy(\.isEmpty) && tools.count == 3)
            let performance = try #require(response.json["performance"] as? [String: Any])
            #expect(performance["taskCompletionRate"] as? Double == 0.6667)
            #expect(performance["avgTaskDuration"] as? Double == 3600)
            #expect(performance["errorRate"] as? Double == 0.3333)
            #expect(performance["fleetRanking"] as? Int == 1)
            let recommendations = try #require(response.json["recommendations"] as? [[String: Any]])
            #expect(
                recommendations.map { $0["title"] as? String } == [
                    "High error rate", "Token usage above fleet average", "Token efficiency declining",
                ])
            #expect(recommendations.map { $0["priority"] as? String } == ["high", "medium", "medium"])

            let peer = try await Support.send(client, .get, "/api/agents/optimize?agent=peer&hours=720")
            let peerEfficiency = try #require(peer.json["efficiency"] as? [String: Any])
            #expect(peerEfficiency["percentile"] as? Double == 100)
            #expect(peerEfficiency["costPerTask"] is NSNull)
            let idle = try await Support.send(client, .get, "/api/agents/optimize?agent=idle")
            #expect((idle.json["efficiency"] as? [String: Any])?["tokensPerTask"] is NSNull)
            #expect((idle.json["performance"] as? [String: Any])?["fleetRanking"] as? Int == 3)
            #expect((idle.json["recommendations"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func invalidQueriesAreRefused() async throws {
        let app = try await TestApplication()
        try await Self.seed(app)
        try await app.test { client in
            for (query, message) in [
                ("", "agent is required"), ("agent=opt&hours=0", "hours must be an integer from 1 to 720"),
                ("agent=opt&hours=721", "hours must be an integer from 1 to 720"),
                ("agent=opt&hours=day", "hours must be an integer from 1 to 720"),
            ] {
                let response = try await Support.send(client, .get, "/api/agents/optimize?\(query)")
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.text == #"{"error":"\#(message)"}"#, "\(query)")
            }
            #expect(try await Support.send(client, .get, "/api/agents/optimize?agent=opt&hours=1").status == .ok)
            let unknown = try await Support.send(client, .get, "/api/agents/optimize?agent=ghost")
            #expect(unknown.text == #"{"error":"Agent not found"}"#)
        }
    }

    @Test func trendAndRecommendationThresholds() {
        #expect(AgentOptimizer.trend(first: 100, second: 90) == "improving")
        #expect(AgentOptimizer.trend(first: 100, second: 91) == "stable")
        #expect(AgentOptimizer.trend(first: 100, second: 110) == "declining")
        #expect(AgentOptimizer.trend(first: nil, second: 500) == "stable")
        func facts(errorRate: Double? = nil, mine: Double? = nil, average: Double? = nil, completion: Double? = nil)
            -> AgentOptimizer.Facts
        {
            .init(
                tokens: 0, completed: 1, tokensPerTask: mine, fleetAverage: average, fleetMeasured: 2, trend: "stable",
                completionRate: completion, touched: 4, errorRate: errorRate)
        }
        #expect(AgentOptimizer.recommendations(facts(errorRate: 0.1)).isEmpty)
        #expect(AgentOptimizer.recommendations(facts(errorRate: 0.11)).first?.priority == "medium")
        #expect(AgentOptimizer.recommendations(facts(errorRate: 0.21)).first?.priority == "high")
        #expect(AgentOptimizer.recommendations(facts(mine: 150, average: 100)).isEmpty)
        #expect(AgentOptimizer.recommendations(facts(mine: 151, average: 100)).first?.priority == "medium")
        #expect(AgentOptimizer.recommendations(facts(mine: 201, average: 100)).first?.priority == "high")
        #expect(AgentOptimizer.recommendations(facts(completion: 0.5)).isEmpty)
        #expect(AgentOptimizer.recommendations(facts(completion: 0.49)).first?.title == "Low task completion rate")
        var spent = facts()
        (spent.tokens, spent.completed) = (10, 0)
        #expect(AgentOptimizer.recommendations(spent).map(\.title) == ["Tokens spent without completed tasks"])
    }
}
