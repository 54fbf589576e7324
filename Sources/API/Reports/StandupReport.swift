import Foundation
import GRDB
import MCShared

/// Builds the daily standup report of one workspace (reference §9.6): per agent what was
/// finished that UTC day, what is in progress, assigned, in review and blocked, how active the
/// agent was, plus team accomplishments, blockers and overdue tasks.
enum StandupReport {
    /// The report of `input.date` in `workspaceID`, read in the caller's transaction.
    static func build(_ db: Database, input: StandupInput, workspaceID: Int64, now: Date) throws -> JSONValue {
        let window = StandupInput.dayWindow(input.date)
        var agentSQL = "SELECT name, role, status, last_seen, last_activity FROM agents WHERE workspace_id = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [workspaceID]
        if !input.agents.isEmpty {
            agentSQL += " AND name IN (\(Array(repeating: "?", count: input.agents.count).joined(separator: ", ")))"
            arguments += input.agents.map { $0 as (any DatabaseValueConvertible)? }
        }
        let agents = try Row.fetchAll(db, sql: agentSQL + " ORDER BY name", arguments: StatementArguments(arguments))
        var reports: [JSONValue] = []
        var accomplishments: [TeamTask] = []
        var blockers: [TeamTask] = []
        var totals = (completed: 0, inProgress: 0, assigned: 0, review: 0, blocked: 0, activity: 0)
        for agentRow in agents {
            let name: String = agentRow["name"]
            let sections = try AgentSections(db, agent: name, workspaceID: workspaceID, window: window)
            totals.completed += sections.completed.count
            totals.inProgress += sections.inProgress.count
            totals.assigned += sections.assigned.count
            totals.review += sections.review.count
            totals.blocked += sections.blocked.count
            totals.activity += sections.actionCount
            accomplishments += sections.completed.map { TeamTask(agent: name, row: $0) }
            blockers += sections.blocked.map { TeamTask(agent: name, row: $0) }
            reports.append([
                "agent": .object(ReportRows.object(agentRow)),
                "completedToday": .array(ReportRows.objects(sections.completed)),
                "inProgress": .array(ReportRows.objects(sections.inProgress)),
                "assigned": .array(ReportRows.objects(sections.assigned)),
                "review": .array(ReportRows.objects(sections.review)),
                "blocked": .array(sections.blocked.map { .object(withoutRank(ReportRows.object($0))) }),
                "activity": ["actionCount": ReportRows.count(sections.actionCount), "commentsCount": ReportRows.count(sections.commentCount)],
            ])
        }
        let overdue = try Row.fetchAll(
            db,
            sql: """
                SELECT t.*, a.name AS agent_name FROM tasks t
                LEFT JOIN agents a ON a.name = t.assigned_to AND a.workspace_id = t.workspace_id
                WHERE t.workspace_id = ? AND t.due_date < ? AND t.status <> 'done'
                ORDER BY t.due_date, t.id
                """, arguments: [workspaceID, Int64(now.timeIntervalSince1970)])
        let team = accomplishments.sorted { $0.updated > $1.updated }
        let sortedBlockers = blockers.sorted { $0.rank != $1.rank ? $0.rank < $1.rank : $0.created < $1.created }
        return [
            "date": .string(input.date),
            "generatedAt": .string(ReportRows.isoMilliseconds(now)),
            "summary": [
                "totalAgents": ReportRows.count(agents.count), "totalCompleted": ReportRows.count(totals.completed),
                "totalInProgress": ReportRows.count(totals.inProgress), "totalAssigned": ReportRows.count(totals.assigned),
                "totalReview": ReportRows.count(totals.review), "totalBlocked": ReportRows.count(totals.blocked),
                "totalActivity": ReportRows.count(totals.activity), "overdue": ReportRows.count(overdue.count),
            ],
            "agentReports": .array(reports),
            "teamAccomplishments": .array(team.prefix(10).map(\.json)),
            "teamBlockers": .array(sortedBlockers.map(\.json)),
            "overdueTasks": .array(ReportRows.objects(overdue)),
        ]
    }

    /// A task of the team lists, with the agent it belongs to and its sort keys.
    private struct TeamTask {
        var json: JSONValue
        var rank: Int
        var created: Int64
        var updated: Int64

        init(agent: String, row: Row) {
            var fields = withoutRank(ReportRows.object(row))
            fields["agent"] = .string(agent)
            json = .object(fields)
            rank = row["priority_rank"] ?? 4
            created = row["created_at"] ?? 0
            updated = row["updated_at"] ?? 0
        }
    }

    private static func withoutRank(_ fields: [String: JSONValue]) -> [String: JSONValue] {
        fields.filter { $0.key != "priority_rank" }
    }

    /// One agent's task lists and activity counts.
    private struct AgentSections {
        var completed: [Row]
        var inProgress: [Row]
        var assigned: [Row]
        var review: [Row]
        var blocked: [Row]
        var actionCount: Int
        var commentCount: Int

        init(_ db: Database, agent: String, workspaceID: Int64, window: ClosedRange<Int64>) throws {
            let mine = "FROM tasks WHERE assigned_to = ? AND workspace_id = ?"
            let args: StatementArguments = [agent, workspaceID]
            completed = try Row.fetchAll(
                db, sql: "SELECT id, title, status, updated_at \(mine) AND status = 'done' AND updated_at BETWEEN ? AND ? ORDER BY updated_at DESC, id DESC",
                arguments: args + [window.lowerBound, window.upperBound])
            inProgress = try Row.fetchAll(
                db, sql: "SELECT id, title, status, created_at, due_date \(mine) AND status = 'in_progress' ORDER BY created_at, id",
                arguments: args)
            // Most urgent first (the original sorted the priority text, so `medium` came first).
            assigned = try Row.fetchAll(
                db,
                sql: "SELECT id, title, status, created_at, due_date, priority \(mine) AND status = 'assigned' ORDER BY \(ReportRows.priorityRankSQL), created_at, id",
                arguments: args)
            review = try Row.fetchAll(
                db, sql: "SELECT id, title, status, updated_at \(mine) AND status IN ('review', 'quality_review') ORDER BY updated_at, id",
                arguments: args)
            // The original's heuristic: urgent, or the word "blocked" anywhere in the metadata.
            blocked = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, title, status, priority, created_at, metadata, \(ReportRows.priorityRankSQL) AS priority_rank
                    \(mine) AND status <> 'done' AND (priority = 'urgent' OR metadata LIKE '%blocked%')
                    ORDER BY priority_rank, created_at, id
                    """, arguments: args)
            actionCount = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM activities WHERE \(ReportRows.actorMatchSQL) AND workspace_id = ? AND created_at BETWEEN ? AND ?",
                arguments: [agent, agent, workspaceID, window.lowerBound, window.upperBound]) ?? 0
            commentCount = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM comments WHERE author = ? AND workspace_id = ? AND created_at BETWEEN ? AND ?",
                arguments: [agent, workspaceID, window.lowerBound, window.upperBound]) ?? 0
        }
    }
}
