import Foundation
import GRDB
import MCShared
import Testing

@testable import MCAPI

/// Thresholds fire once each per period, for the right scope, with a notification, an
/// activity (hence the webhook event) and an alert row.
@Suite(.timeLimit(.minutes(1))) struct BudgetThresholdTests {
    typealias B = BudgetTestSupport

    @Test func eachThresholdFiresOncePerPeriodAndAgainInTheNext() async throws {
        let app = try await TestApplication(busClients: [])
        let database = app.dependencies.database
        let id = try await B.budget(database)
        try await B.spend(database, micros: 799_995, atMs: B.noon)  // just under 80 %
        #expect(try await B.alerts(database) == [])
        try await B.spend(database, micros: 15, atMs: B.noon)  // 800,010: 80 %
        #expect(try await B.alerts(database) == ["\(id)/2026-03-15/80"])
        try await B.spend(database, micros: 100_005, atMs: B.noon)  // 900,015: 90 %
        try await B.spend(database, micros: 99_990, atMs: B.noon)  // 1,000,005: 100 %
        #expect(try await B.alerts(database) == ["\(id)/2026-03-15/80", "\(id)/2026-03-15/90", "\(id)/2026-03-15/100"])
        try await B.spend(database, micros: 300_000, atMs: B.noon)  // a fourth report: nothing new
        #expect(try await B.alerts(database).count == 3)
        #expect(try await B.count(database, "SELECT COUNT(*) FROM activities WHERE type = 'budget_threshold'") == 3)
        // One notification for the agent and one for `system` per threshold.
        #expect(try await B.count(database, "SELECT COUNT(*) FROM notifications WHERE type = 'budget_threshold' AND recipient = 'alpha'") == 3)
        #expect(try await B.count(database, "SELECT COUNT(*) FROM notifications WHERE type = 'budget_threshold' AND recipient = 'system'") == 3)
        // The next day starts at 0: one report of 100 % fires all three again.
        try await B.spend(database, micros: 1_000_005, atMs: B.noon + B.day)
        #expect(try await B.alerts(database).suffix(3) == ["\(id)/2026-03-16/80", "\(id)/2026-03-16/90", "\(id)/2026-03-16/100"])
    }

    @Test func theActivityCarriesTheBudgetFigures() async throws {
        let app = try await TestApplication(busClients: [])
        let database = app.dependencies.database
        let id = try await B.budget(database, period: "monthly")
        try await B.spend(database, micros: 1_000_005, atMs: B.noon)
        let text = try await database.read { db in
            try String.fetchOne(db, sql: "SELECT data FROM activities WHERE type = 'budget_threshold' ORDER BY id DESC LIMIT 1")
        }
        guard case .object(let data) = try JSONValue.parse(Array(try #require(text).utf8)) else {
            Issue.record("activity data is not an object")
            return
        }
        #expect(data["budget_id"] == .number(Double(id)))
        #expect(data["scope"] == "agent")
        #expect(data["agent"] == "alpha")
        #expect(data["period"] == "monthly")
        #expect(data["period_key"] == "2026-03")
        #expect(data["threshold"] == 100)
        #expect(data["spent_usd"] == .number(1.000005))
        #expect(data["limit_usd"] == 1)
        let announced = try await B.count(database, "SELECT COUNT(*) FROM events WHERE type = 'activity.created' AND payload LIKE '%budget_threshold%'")
        #expect(announced == 3)
    }

    @Test func agentBudgetsCountOnlyTheirAgentAndWorkspaceBudgetsCountEveryone() async throws {
        let app = try await TestApplication(busClients: [])
        let database = app.dependencies.database
        let agentBudget = try await B.budget(database, agent: "alpha")
        let workspaceBudget = try await B.budget(database, scope: "workspace", limitMicros: 2_000_000)
        try await B.spend(database, agent: "beta", micros: 1_200_000, atMs: B.noon)
        #expect(try await B.alerts(database) == [])  // beta's spend is 60 % of the workspace, none of alpha's
        try await B.spend(database, agent: "alpha", micros: 600_000, atMs: B.noon)  // alpha 60 %, workspace 90 %
        #expect(try await B.alerts(database) == ["\(workspaceBudget)/2026-03-15/80", "\(workspaceBudget)/2026-03-15/90"])
        try await B.spend(database, agent: "alpha", micros: 210_000, atMs: B.noon)  // alpha 81 %, workspace 100.5 %
        #expect(try await B.alerts(database).suffix(2).sorted() == ["\(agentBudget)/2026-03-15/80", "\(workspaceBudget)/2026-03-15/100"])
        // A workspace budget notifies `system` only.
        #expect(try await B.count(database, "SELECT COUNT(*) FROM notifications WHERE type = 'budget_threshold' AND recipient = 'beta'") == 0)
    }

    @Test func scannedTranscriptsCountTowardsWorkspaceBudgets() async throws {
        let app = try await TestApplication(busClients: [])
        let database = app.dependencies.database
        // The fixture costs 225,405 µ$: 90.16 % of $0.25.
        let id = try await B.budget(database, scope: "workspace", limitMicros: 250_000)
        _ = try await SessionLedgerTests.ingest(app, LedgerFixture.main)
        _ = try await SessionLedgerTests.ingest(app, LedgerFixture.subagent)
        let alerts = try await B.alerts(database)
        #expect(alerts.count == 2)
        #expect(alerts.allSatisfy { $0.hasPrefix("\(id)/") && !$0.hasSuffix("/100") })
    }

    @Test func unpricedRowsCountZeroButAreReported() async throws {
        let app = try await TestApplication(busClients: [])
        let database = app.dependencies.database
        try await B.budget(database)
        try await B.spend(database, micros: 1_500_000, atMs: B.noon, model: "claude-nova-9")
        #expect(try await B.alerts(database) == [])
        let states = try await database.read { db in
            try BudgetEvaluator.states(db, workspaceID: 1, agentName: "alpha", nowMs: B.noon)
        }
        #expect(states.first?.spentMicros == 0)
        #expect(states.first?.unpricedRows == 1)
    }

    @Test func periodsAreUTCDaysAndMonths() {
        #expect(BudgetPeriod.daily.window(containing: B.noon).key == "2026-03-15")
        let day = BudgetPeriod.daily.window(containing: B.noon)
        #expect(day.endMs - day.startMs == B.day)
        #expect(BudgetPeriod.daily.window(containing: day.endMs - 1).key == "2026-03-15")
        #expect(BudgetPeriod.daily.window(containing: day.endMs).key == "2026-03-16")
        let month = BudgetPeriod.monthly.window(containing: B.noon)
        #expect(month.key == "2026-03")
        #expect(month.endMs - month.startMs == 31 * B.day)
        #expect(BudgetPeriod.monthly.window(containing: month.endMs).key == "2026-04")
    }
}
