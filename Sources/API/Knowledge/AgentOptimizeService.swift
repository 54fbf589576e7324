import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Gathers what `AgentOptimizer` reports on: token usage (`token_usage`, attributed by
/// `agent_name`, else by the `<agent>:` prefix of `session_id`) and tasks of the caller's
/// workspace over the last `hours`.
struct AgentOptimizeService: Sendable {
    let database: EventedDatabase

    static let hoursRange = 1...720
    static let defaultHours = 24

    /// `hours` (default 24): 400 unless an integer in 1…720.
    static func hours(_ raw: String?) throws -> Int {
        guard let raw, !raw.isEmpty else { return defaultHours }
        guard let hours = Int(raw), hoursRange.contains(hours) else {
            throw APIError(.badRequest, "hours must be an integer from 1 to 720")
        }
        return hours
    }

    /// The report for `agent` (id or name); 404 when the workspace has no such agent.
    func report(
        agent reference: String, hours: Int, identity: Identity, now: Int64 = Int64(Date().timeIntervalSince1970)
    )
        async throws -> JSONValue
    {
        let input = try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let workspace = agent.workspaceID
            let since = now - Int64(hours) * 3600
            let middle = since + (now - since) / 2
            // The fleet is the workspace's agents: usage under other names (deleted agents) is left out.
            let measured = try Self.usage(db, workspaceID: workspace, from: since, to: now + 1)
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM agents WHERE workspace_id = ?", arguments: [workspace])
            let fleet = Dictionary(uniqueKeysWithValues: names.map { ($0, measured[$0] ?? AgentOptimizer.Usage()) })
            var input = AgentOptimizer.Input(
                agent: agent.name, hours: hours, now: now, fleet: fleet,
                firstHalf: try Self.usage(db, workspaceID: workspace, from: since, to: middle, agent: agent.name)[
                    agent.name]
                    ?? AgentOptimizer.Usage(),
                secondHalf: try Self.usage(db, workspaceID: workspace, from: middle, to: now + 1, agent: agent.name)[
                    agent.name]
                    ?? AgentOptimizer.Usage())
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS total, COALESCE(SUM(status = 'done'), 0) AS done,
                           COALESCE(SUM(TRIM(COALESCE(error_message, '')) != '' OR retry_count > 0), 0) AS failing
                    FROM tasks WHERE workspace_id = ? AND assigned_to = ? AND updated_at >= ?
                    """, arguments: [workspace, agent.name, since])
            {
                (input.touched, input.touchedDone, input.touchedFailing) = (row["total"], row["done"], row["failing"])
            }
            input.durations = try Int64.fetchAll(
                db,
                sql: """
                    SELECT MAX(completed_at - created_at, 0) FROM tasks
                    WHERE workspace_id = ? AND assigned_to = ? AND status = 'done' AND completed_at >= ? AND completed_at <= ?
                    """, arguments: [workspace, agent.name, since, now])
            return input
        }
        return AgentOptimizer.report(input)
    }

    /// Tokens, cost and completed tasks per agent in `from..<to` (one agent when named).
    static func usage(_ db: Database, workspaceID: Int64, from: Int64, to: Int64, agent: String? = nil) throws
        -> [String: AgentOptimizer.Usage]
    {
        var usage: [String: AgentOptimizer.Usage] = [:]
        let owner = """
            COALESCE(NULLIF(agent_name, ''),
                     CASE WHEN instr(session_id, ':') > 1 THEN substr(session_id, 1, instr(session_id, ':') - 1) END)
            """
        let tokenRows = try Row.fetchAll(
            db,
            sql: """
                SELECT owner, SUM(tokens) AS tokens, SUM(cost_usd) AS cost FROM (
                    SELECT \(owner) AS owner, input_tokens + output_tokens AS tokens, cost_usd FROM token_usage
                    WHERE workspace_id = ? AND created_at >= ? AND created_at < ?)
                WHERE owner IS NOT NULL AND (? IS NULL OR owner = ?) GROUP BY owner
                """, arguments: [workspaceID, from, to, agent, agent])
        for row in tokenRows {
            usage[row["owner"], default: .init()].tokens = row["tokens"]
            usage[row["owner"], default: .init()].cost = row["cost"]
        }
        let taskRows = try Row.fetchAll(
            db,
            sql: """
                SELECT assigned_to, COUNT(*) AS completed FROM tasks
                WHERE workspace_id = ? AND status = 'done' AND assigned_to IS NOT NULL
                  AND COALESCE(completed_at, updated_at) >= ? AND COALESCE(completed_at, updated_at) < ?
                  AND (? IS NULL OR assigned_to = ?)
                GROUP BY assigned_to
                """, arguments: [workspaceID, from, to, agent, agent])
        for row in taskRows {
            usage[row["assigned_to"], default: .init()].completed = row["completed"]
        }
        return usage
    }
}
