import Foundation
import GRDB
import MCShared

/// Generates, stores and lists standup reports (reference §7.7, §9.6) for one workspace.
struct StandupService: Sendable {
    let database: EventedDatabase

    static let defaultLimit = 10
    static let maximumLimit = 200

    /// Builds the report, stores it as the workspace's report of that day (replacing an earlier
    /// one of the same day and workspace only) and records the `standup_generated` activity,
    /// all in one transaction.
    func generate(_ input: StandupInput, actor: Identity, now: Date = Date()) async throws -> JSONValue {
        let workspaceID = actor.workspaceID
        return try await database.write { db, events in
            let report = try StandupReport.build(db, input: input, workspaceID: workspaceID, now: now)
            try db.execute(
                sql: """
                    INSERT INTO standup_reports (date, report, created_at, workspace_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT (workspace_id, date) DO UPDATE SET report = excluded.report, created_at = excluded.created_at
                    """,
                arguments: [input.date, report.jsonText, Int64(now.timeIntervalSince1970), workspaceID])
            let summary = report["summary"] ?? .emptyObject
            try ActivityLog.append(
                db, events: &events, type: "standup_generated", entityType: "standup", entityID: 0, actor: actor.username,
                description: "Generated daily standup for \(input.date)",
                data: [
                    "date": .string(input.date), "agentCount": summary["totalAgents"] ?? 0,
                    "tasksSummary": [
                        "completed": summary["totalCompleted"] ?? 0, "inProgress": summary["totalInProgress"] ?? 0,
                        "assigned": summary["totalAssigned"] ?? 0, "review": summary["totalReview"] ?? 0,
                        "blocked": summary["totalBlocked"] ?? 0,
                    ],
                ],
                workspaceID: workspaceID)
            return report
        }
    }

    /// `{history, total, page, limit}`: the workspace's reports, most recently generated first.
    func history(limit: Int, offset: Int, workspaceID: Int64) async throws -> JSONValue {
        try await database.read { db in
            let total = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM standup_reports WHERE workspace_id = ?", arguments: [workspaceID]) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT date, report, created_at FROM standup_reports WHERE workspace_id = ?
                    ORDER BY created_at DESC, date DESC LIMIT ? OFFSET ?
                    """, arguments: [workspaceID, limit, offset])
            let items: [JSONValue] = rows.enumerated().map { index, row in
                let date: String = row["date"]
                let report = (try? JSONValue.parse(row["report"] as String)) ?? .emptyObject
                let summary = report["summary"] ?? .emptyObject
                return [
                    "id": .string("\(date)-\(index)"), "date": .string(date),
                    "generatedAt": report["generatedAt"] ?? .string(ReportRows.isoMilliseconds(
                        Date(timeIntervalSince1970: TimeInterval(row["created_at"] as Int64)))),
                    "summary": summary, "agentCount": summary["totalAgents"] ?? 0,
                ]
            }
            return [
                "history": .array(items), "total": ReportRows.count(total),
                "page": ReportRows.count(offset / limit + 1), "limit": ReportRows.count(limit),
            ]
        }
    }
}
