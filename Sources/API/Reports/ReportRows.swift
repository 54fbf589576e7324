import Foundation
import GRDB
import MCShared

/// Row-to-JSON helpers the reports share.
enum ReportRows {
    /// Every column of `row` as JSON; the JSON text columns (`tags`, `metadata`, `data`,
    /// `detail`, `mentions`) parsed, as the original returns them (reference §0).
    static func object(_ row: Row) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for (column, value) in row {
            switch column {
            case "tags", "mentions":
                fields[column] = parsed(value, fallback: .array([]))
            case "metadata":
                fields[column] = parsed(value, fallback: .object([:]))
            case "data", "detail":
                fields[column] = RowJSON.parsed(String.fromDatabaseValue(value))
            default:
                fields[column] = AgentRecord.jsonValue(value)
            }
        }
        return fields
    }

    /// `object` of each row.
    static func objects(_ rows: [Row]) -> [JSONValue] { rows.map { .object(object($0)) } }

    private static func parsed(_ value: DatabaseValue, fallback: JSONValue) -> JSONValue {
        guard let text = String.fromDatabaseValue(value), let parsed = try? JSONValue.parse(text) else { return fallback }
        return parsed
    }

    /// An integer count as JSON.
    static func count(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// A sort key for task priorities, most urgent (0) first; `urgent` (which the original's
    /// standup and workload know) ranks with `critical`.
    static let priorityRankSQL = """
        CASE priority WHEN 'critical' THEN 0 WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 \
        WHEN 'low' THEN 3 ELSE 4 END
        """

    /// ISO 8601 with milliseconds, like JavaScript's `toISOString()`.
    static func isoMilliseconds(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// ISO 8601 of unix seconds, without fractions.
    static func iso(_ seconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// SQL matching the `actor` column against an agent's two spellings in records: its name
    /// (activities written as the agent) and `agent:<name>` (the username of its key).
    static let actorMatchSQL = "actor IN (?, 'agent:' || ?)"
}
