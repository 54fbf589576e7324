import Foundation
import GRDB
import MCShared

/// `GET /api/activities?stats` (reference §7.6): counts by type, the ten busiest actors and an
/// hourly timeline over the last `hours` hours of the caller's workspace.
struct ActivityStats: Sendable {
    let database: EventedDatabase

    static let defaultHours = 24
    /// Thirty days: beyond that the hourly timeline is more rows than a chart can use.
    static let maximumHours = 720

    func report(hours: Int, workspaceID: Int64, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> JSONValue {
        let since = now - Int64(hours) * 3600
        return try await database.read { db in
            let byType = try Row.fetchAll(
                db,
                sql: """
                    SELECT type, COUNT(*) AS count FROM activities WHERE workspace_id = ? AND created_at > ?
                    GROUP BY type ORDER BY count DESC, type
                    """, arguments: [workspaceID, since])
            let actors = try Row.fetchAll(
                db,
                sql: """
                    SELECT actor, COUNT(*) AS activity_count FROM activities WHERE workspace_id = ? AND created_at > ?
                    GROUP BY actor ORDER BY activity_count DESC, actor LIMIT 10
                    """, arguments: [workspaceID, since])
            let timeline = try Row.fetchAll(
                db,
                sql: """
                    SELECT (created_at / 3600) * 3600 AS bucket, COUNT(*) AS count FROM activities
                    WHERE workspace_id = ? AND created_at > ? GROUP BY bucket ORDER BY bucket
                    """, arguments: [workspaceID, since])
            let iso = ISO8601DateFormatter()
            return [
                "timeframe": .string("\(hours) hours"),
                "activityByType": .array(byType.map { ["type": .string($0["type"]), "count": .number(Double($0["count"] as Int64))] }),
                "topActors": .array(
                    actors.map { ["actor": .string($0["actor"]), "activity_count": .number(Double($0["activity_count"] as Int64))] }),
                "timeline": .array(
                    timeline.map { row -> JSONValue in
                        let bucket: Int64 = row["bucket"]
                        return [
                            "timestamp": .number(Double(bucket)), "count": .number(Double(row["count"] as Int64)),
                            "hour": .string(iso.string(from: Date(timeIntervalSince1970: TimeInterval(bucket)))),
                        ]
                    }),
            ]
        }
    }
}
