import Foundation
import GRDB
import MCShared

/// Computes budgets' spend and announces thresholds, inside the transaction that wrote the
/// ledger: a threshold's alert row, notification and `budget_threshold` activity (which the
/// outbox turns into the `activity.budget_threshold` webhook event) commit with the cost that
/// crossed it, and the UNIQUE alert row makes each threshold fire once per period.
enum BudgetEvaluator {
    /// The thresholds announced, in percent of the limit.
    static let thresholds: [Int64] = [80, 90, 100]

    /// One budget with its spend in the period containing the evaluation instant.
    struct State: Sendable, Equatable {
        var id: Int64
        var scope: String
        var agentName: String?
        var period: BudgetPeriod
        var limitMicros: Int64
        var spentMicros: Int64
        /// Ledger rows in the period without a price: they count 0 but are reported.
        var unpricedRows: Int64
        var periodKey: String
        var workspaceID: Int64

        /// Spend in percent of the limit, two decimals.
        var percent: Double { (Double(spentMicros) * 10_000 / Double(limitMicros)).rounded() / 100 }
        var overBudget: Bool { spentMicros >= limitMicros }

        /// The API form (`/api/budgets` and the heartbeat's `budget.budgets`).
        var json: JSONValue {
            [
                "id": .number(Double(id)), "scope": .string(scope), "agent_name": agentName.map(JSONValue.string) ?? .null,
                "period": .string(period.rawValue), "period_key": .string(periodKey),
                "limit_usd": .number(Double(limitMicros) / 1_000_000), "limit_micros": .number(Double(limitMicros)),
                "spent_usd": .number(Double(spentMicros) / 1_000_000), "spent_micros": .number(Double(spentMicros)),
                "percent": .number(percent), "over_budget": .bool(overBudget),
                "unpriced_rows": .number(Double(unpricedRows)),
            ]
        }
    }

    /// Budgets of `workspaceID` with their spend at `nowMs`: all of them when `agentName` is
    /// nil, else the workspace budgets and that agent's.
    static func states(_ db: Database, workspaceID: Int64, agentName: String?, nowMs: Int64) throws -> [State] {
        var sql = "SELECT id, scope, agent_name, period, limit_micros FROM budgets WHERE workspace_id = ?"
        var arguments: [any DatabaseValueConvertible] = [workspaceID]
        if let agentName {
            sql += " AND (scope = 'workspace' OR agent_name = ?)"
            arguments.append(agentName)
        }
        let rows = try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: StatementArguments(arguments))
        return try rows.map { row in
            let scope: String = row["scope"]
            let agent: String = row["agent_name"]
            let period = BudgetPeriod(rawValue: row["period"]) ?? .daily
            let window = period.window(containing: nowMs)
            var spendSQL = """
                SELECT COALESCE(SUM(cost_micros), 0) AS spent, COALESCE(SUM(cost_micros IS NULL), 0) AS unpriced
                FROM usage_ledger WHERE workspace_id = ? AND timestamp_ms >= ? AND timestamp_ms < ?
                """
            var spendArguments: [any DatabaseValueConvertible] = [workspaceID, window.startMs, window.endMs]
            if scope == "agent" {
                spendSQL += " AND agent_name = ?"
                spendArguments.append(agent)
            }
            let spend = try Row.fetchOne(db, sql: spendSQL, arguments: StatementArguments(spendArguments))
            return State(
                id: row["id"], scope: scope, agentName: scope == "agent" ? agent : nil, period: period,
                limitMicros: row["limit_micros"], spentMicros: spend?["spent"] ?? 0, unpricedRows: spend?["unpriced"] ?? 0,
                periodKey: window.key, workspaceID: workspaceID)
        }
    }

    /// Announces every threshold newly crossed by the budgets that `agentNames`' spend in
    /// `workspaceID` touches (the workspace's budgets always). Returns the alerts fired as
    /// (budget id, threshold).
    @discardableResult
    static func evaluate(
        _ db: Database, events: inout [StoredEvent], workspaceID: Int64, agentNames: Set<String>, nowMs: Int64
    ) throws -> [(Int64, Int64)] {
        let budgetCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM budgets WHERE workspace_id = ?", arguments: [workspaceID]) ?? 0
        guard budgetCount > 0 else { return [] }  // the common case: no query per ledger write
        var fired: [(Int64, Int64)] = []
        for state in try states(db, workspaceID: workspaceID, agentName: nil, nowMs: nowMs) {
            if let agent = state.agentName, !agentNames.contains(agent) { continue }
            for threshold in thresholds where state.spentMicros * 100 >= state.limitMicros * threshold {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO budget_alerts (budget_id, period_key, threshold, spent_micros, created_at)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [state.id, state.periodKey, threshold, state.spentMicros, nowMs / 1000])
                guard db.changesCount > 0 else { continue }
                try announce(db, events: &events, state, threshold: threshold)
                fired.append((state.id, threshold))
            }
        }
        return fired
    }

    /// The notification(s) and the `budget_threshold` activity of one crossed threshold.
    private static func announce(_ db: Database, events: inout [StoredEvent], _ state: State, threshold: Int64) throws {
        let subject = state.agentName.map { "Agent \($0)" } ?? "Workspace"
        let spent = String(format: "%.2f", Double(state.spentMicros) / 1_000_000)
        let limit = String(format: "%.2f", Double(state.limitMicros) / 1_000_000)
        let title = threshold >= 100 ? "\(subject) is over its \(state.period.rawValue) budget" : "\(subject) reached \(threshold)% of its \(state.period.rawValue) budget"
        let message = "Spent $\(spent) of $\(limit) in \(state.periodKey)."
        var recipients = ["system"]
        if let agent = state.agentName { recipients.insert(agent, at: 0) }
        for recipient in recipients {
            try NotificationLog.append(
                db, events: &events, recipient: recipient, type: "budget_threshold", title: title, message: message,
                sourceType: "budget", sourceID: state.id, workspaceID: state.workspaceID)
        }
        try ActivityLog.append(
            db, events: &events, type: "budget_threshold", entityType: "budget", entityID: state.id, actor: "system",
            description: "\(title): \(message)",
            data: [
                "budget_id": .number(Double(state.id)), "scope": .string(state.scope),
                "agent": state.agentName.map(JSONValue.string) ?? .null, "period": .string(state.period.rawValue),
                "period_key": .string(state.periodKey), "threshold": .number(Double(threshold)),
                "spent_usd": .number(Double(state.spentMicros) / 1_000_000),
                "limit_usd": .number(Double(state.limitMicros) / 1_000_000),
                "unpriced_rows": .number(Double(state.unpricedRows)),
            ],
            workspaceID: state.workspaceID)
    }

    /// The heartbeat's `budget` object for `agentName`.
    static func heartbeat(_ db: Database, workspaceID: Int64, agentName: String, nowMs: Int64) throws -> JSONValue {
        let states = try states(db, workspaceID: workspaceID, agentName: agentName, nowMs: nowMs)
        return [
            "over_budget": .bool(states.contains(where: \.overBudget)),
            "budgets": .array(
                states.map { state in
                    [
                        "id": .number(Double(state.id)), "scope": .string(state.scope), "period": .string(state.period.rawValue),
                        "limit_usd": .number(Double(state.limitMicros) / 1_000_000),
                        "spent_usd": .number(Double(state.spentMicros) / 1_000_000), "percent": .number(state.percent),
                    ]
                }),
        ]
    }
}
