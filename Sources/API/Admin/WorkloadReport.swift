import Foundation
import GRDB
import MCShared

/// `GET /api/workload` (reference §9.1): capacity, queue and agent figures of the caller's
/// workspace and the submission advice derived from them.
struct WorkloadReport: Sendable {
    let database: EventedDatabase
    let thresholds: WorkloadThresholds

    static let pendingStatuses = ["inbox", "assigned", "in_progress", "review", "quality_review"]
    static let activeStatuses = ["assigned", "in_progress", "review", "quality_review"]
    static let priorities = ["low", "medium", "high", "critical", "urgent"]

    func run(workspaceID: Int64, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> JSONValue {
        let thresholds = self.thresholds
        return try await database.read { db in
            let capacity = try Self.capacity(db, workspaceID: workspaceID, now: now, window: thresholds.recentWindowSeconds)
            let queue = try Self.queue(db, workspaceID: workspaceID, now: now, completionsLastHour: capacity.completionsLastHour)
            let agents = try Self.agents(db, workspaceID: workspaceID)
            let advice = WorkloadAdvice(
                .init(
                    errorRate: capacity.errorRate, totalPending: queue.totalPending, busyRatio: agents.busyRatio,
                    online: agents.online, totalAgents: agents.total), thresholds: thresholds)
            return [
                "capacity": capacity.json, "queue": queue.json, "agents": agents.json, "recommendation": advice.json,
                "thresholds": thresholds.json,
            ]
        }
    }

    static func rounded(_ value: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    private static func count(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> Int {
        try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
    }

    private static func list(_ values: [String]) -> String { values.map { "'\($0)'" }.joined(separator: ", ") }

    struct Capacity {
        var errorRate: Double
        var completionsLastHour: Int
        var json: JSONValue
    }

    private static func capacity(_ db: Database, workspaceID: Int64, now: Int64, window: Int64) throws -> Capacity {
        let since = now - window
        let active = try count(
            db, "SELECT COUNT(*) FROM tasks WHERE workspace_id = ? AND status IN (\(list(activeStatuses)))", [workspaceID])
        let created = try count(
            db,
            "SELECT COUNT(*) FROM activities WHERE workspace_id = ? AND created_at >= ? AND type IN ('task_created', 'task_assigned')",
            [workspaceID, since])
        let errors = try count(
            db,
            "SELECT COUNT(*) FROM activities WHERE workspace_id = ? AND created_at >= ? AND (type LIKE '%error%' OR type LIKE '%fail%')",
            [workspaceID, since])
        let all = try count(db, "SELECT COUNT(*) FROM activities WHERE workspace_id = ? AND created_at >= ?", [workspaceID, since])
        let errorRate = all == 0 ? 0 : rounded(min(1, max(0, Double(errors) / Double(all))), places: 4)
        let doneSQL = "SELECT COUNT(*) FROM tasks WHERE workspace_id = ? AND status = 'done' AND updated_at >= ?"
        let lastHour = try count(db, doneSQL, [workspaceID, now - 3600])
        let lastDay = try count(db, doneSQL, [workspaceID, now - 86_400])
        return Capacity(
            errorRate: errorRate, completionsLastHour: lastHour,
            json: [
                "active_tasks": .number(Double(active)), "tasks_last_5m": .number(Double(created)),
                "errors_last_5m": .number(Double(errors)), "error_rate_5m": .number(errorRate),
                "completions_last_hour": .number(Double(lastHour)),
                "avg_completion_rate_per_hour": .number(rounded(Double(lastDay) / 24, places: 2)),
            ])
    }

    struct Queue {
        var totalPending: Int
        var json: JSONValue
    }

    private static func queue(_ db: Database, workspaceID: Int64, now: Int64, completionsLastHour: Int) throws -> Queue {
        let pending = "workspace_id = ? AND status IN (\(list(pendingStatuses)))"
        var byStatus = Dictionary(uniqueKeysWithValues: pendingStatuses.map { ($0, JSONValue.number(0)) })
        var total = 0
        for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM tasks WHERE \(pending) GROUP BY status", arguments: [workspaceID]) {
            let n: Int = row["n"]
            byStatus[row["status"]] = .number(Double(n))
            total += n
        }
        var byPriority = Dictionary(uniqueKeysWithValues: priorities.map { ($0, JSONValue.number(0)) })
        for row in try Row.fetchAll(db, sql: "SELECT priority, COUNT(*) AS n FROM tasks WHERE \(pending) GROUP BY priority", arguments: [workspaceID]) {
            byPriority[row["priority"]] = .number(Double(row["n"] as Int))
        }
        let oldest = try Int64.fetchOne(
            db, sql: "SELECT MIN(created_at) FROM tasks WHERE workspace_id = ? AND status IN ('inbox', 'assigned')",
            arguments: [workspaceID])
        let wait: JSONValue =
            completionsLastHour > 0
            ? .number((Double(total) / Double(completionsLastHour) * 3600).rounded()) : .null
        return Queue(
            totalPending: total,
            json: [
                "by_status": .object(byStatus), "by_priority": .object(byPriority), "total_pending": .number(Double(total)),
                "oldest_pending_age_seconds": oldest.map { .number(Double(now - $0)) } ?? .null,
                "estimated_wait_seconds": wait,
                "estimated_wait_confidence": .string(completionsLastHour > 0 ? "calculated" : "unknown"),
            ])
    }

    struct Agents {
        var online: Int
        var total: Int
        var busyRatio: Double
        var json: JSONValue
    }

    private static func agents(_ db: Database, workspaceID: Int64) throws -> Agents {
        var byStatus: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM agents WHERE workspace_id = ? GROUP BY status", arguments: [workspaceID]) {
            byStatus[row["status"]] = row["n"]
        }
        let busy = byStatus["busy"] ?? 0
        let idle = byStatus["idle"] ?? 0
        let online = busy + idle
        let total = byStatus.values.reduce(0, +)
        let busyRatio = online == 0 ? 0 : rounded(Double(busy) / Double(online), places: 2)
        let load = try Row.fetchAll(
            db,
            sql: """
                SELECT a.name,
                       (SELECT COUNT(*) FROM tasks t WHERE t.workspace_id = a.workspace_id AND t.assigned_to = a.name
                            AND t.status = 'assigned') AS assigned,
                       (SELECT COUNT(*) FROM tasks t WHERE t.workspace_id = a.workspace_id AND t.assigned_to = a.name
                            AND t.status = 'in_progress') AS in_progress
                FROM agents a WHERE a.workspace_id = ? AND a.status != 'offline'
                ORDER BY assigned + in_progress DESC, a.name
                """, arguments: [workspaceID]
        ).map { row -> JSONValue in
            ["agent": .string(row["name"]), "assigned": .number(Double(row["assigned"] as Int)), "in_progress": .number(Double(row["in_progress"] as Int))]
        }
        return Agents(
            online: online, total: total, busyRatio: busyRatio,
            json: [
                "total": .number(Double(total)), "online": .number(Double(online)), "busy": .number(Double(busy)),
                "idle": .number(Double(idle)), "offline": .number(Double(byStatus["offline"] ?? 0)),
                "by_status": .object(byStatus.mapValues { .number(Double($0)) }), "busy_ratio": .number(busyRatio),
                "load_distribution": .array(load),
            ])
    }
}
