import Foundation
import GRDB
import MCShared

/// What a heartbeat tells an agent to look at (reference §7.4): its open tasks, its unread
/// notifications and recent urgent activities that name it.
enum AgentWorkItems {
    /// Open tasks listed, at most.
    static let taskLimit = 10
    /// Notifications listed, at most (the count covers all unread).
    static let notificationLimit = 5
    /// Urgent activities listed, at most.
    static let activityLimit = 5
    /// How far back urgent activities are looked for: 4 hours.
    static let urgentWindow: Int64 = 4 * 3600

    /// The original's heartbeat body: `HEARTBEAT_OK` or `WORK_ITEMS_FOUND` with the groups.
    static func report(_ db: Database, agent: AgentRecord, now: Int64) throws -> [String: JSONValue] {
        let groups = try [tasks(db, agent), notifications(db, agent), urgentActivities(db, agent, now: now)].compactMap { $0 }
        guard !groups.isEmpty else {
            return [
                "status": "HEARTBEAT_OK", "agent": .string(agent.name), "checked_at": .number(Double(now)),
                "message": "No work items found",
            ]
        }
        let total = groups.reduce(0) { $0 + ($1["count"]?.intValue ?? 0) }
        return [
            "status": "WORK_ITEMS_FOUND", "agent": .string(agent.name), "checked_at": .number(Double(now)),
            "work_items": .array(groups), "total_items": .number(Double(total)),
        ]
    }

    /// Tasks assigned or in progress, most urgent first. The original sorted the priority text
    /// descending (medium before high); this sorts by rank.
    static func tasks(_ db: Database, _ agent: AgentRecord) throws -> JSONValue? {
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: """
                SELECT id, title, status, priority, due_date, metadata FROM tasks
                WHERE assigned_to = ? AND workspace_id = ? AND status IN ('assigned', 'in_progress')
                ORDER BY CASE priority WHEN 'critical' THEN 0 WHEN 'urgent' THEN 0 WHEN 'high' THEN 1
                                       WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, created_at ASC, id ASC
                LIMIT ?
                """),
            arguments: [agent.name, agent.workspaceID, taskLimit])
        guard !rows.isEmpty else { return nil }
        let items: [JSONValue] = rows.map { row in
            var item: [String: JSONValue] = [
                "id": AgentRecord.jsonValue(row["id"]), "title": AgentRecord.jsonValue(row["title"]),
                "status": AgentRecord.jsonValue(row["status"]), "priority": AgentRecord.jsonValue(row["priority"]),
                "due_date": AgentRecord.jsonValue(row["due_date"]),
            ]
            let metadata = AgentRecord.config(row["metadata"])
            for key in ["implementation_repo", "code_location"] {
                if let value = metadata[key]?.stringValue, !value.isEmpty { item[key] = .string(value) }
            }
            return .object(item)
        }
        return ["type": "assigned_tasks", "count": .number(Double(items.count)), "items": .array(items)]
    }

    /// Unread notifications for the agent: all counted, the newest few listed.
    static func notifications(_ db: Database, _ agent: AgentRecord) throws -> JSONValue? {
        let count = try Int.fetchOne(
            try db.cachedStatement(sql: "SELECT COUNT(*) FROM notifications WHERE recipient = ? AND workspace_id = ? AND read_at IS NULL"),
            arguments: [agent.name, agent.workspaceID]) ?? 0
        guard count > 0 else { return nil }
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: """
                SELECT id, type, title, message, created_at FROM notifications
                WHERE recipient = ? AND workspace_id = ? AND read_at IS NULL
                ORDER BY created_at DESC, id DESC LIMIT ?
                """),
            arguments: [agent.name, agent.workspaceID, notificationLimit])
        return ["type": "notifications", "count": .number(Double(count)), "items": .array(rows.map(object))]
    }

    /// Task creations, assignments and alerts of the last 4 hours whose description names the agent.
    /// How many of the most recent urgent-type activities are searched for the agent's name.
    static let urgentCandidates = 500

    static func urgentActivities(_ db: Database, _ agent: AgentRecord, now: Int64) throws -> JSONValue? {
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: """
                SELECT id, type, description, created_at FROM (
                    SELECT id, type, description, created_at FROM activities
                    WHERE workspace_id = ? AND type IN ('task_created', 'task_assigned', 'high_priority_alert')
                      AND created_at > ?
                    ORDER BY created_at DESC, id DESC LIMIT ?
                )
                WHERE instr(description, ?) > 0
                ORDER BY created_at DESC, id DESC LIMIT ?
                """),
            // Only the most recent candidates are searched for the agent's name: a text search
            // over every activity of the last four hours made each heartbeat cost O(activity).
            arguments: [agent.workspaceID, now - urgentWindow, urgentCandidates, agent.name, activityLimit])
        guard !rows.isEmpty else { return nil }
        return ["type": "urgent_activities", "count": .number(Double(rows.count)), "items": .array(rows.map(object))]
    }

    private static func object(_ row: Row) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for (column, value) in row { fields[column] = AgentRecord.jsonValue(value) }
        return .object(fields)
    }
}
