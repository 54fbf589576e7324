import Foundation
import HTTPTypes
import MCShared

/// The body of `POST /api/standup`: the report's day and an optional agent filter, validated
/// (the original passed any `date` through to `new Date(...)` and stored a report of NaNs).
struct StandupInput: Sendable, Equatable {
    /// The day, `YYYY-MM-DD` (UTC).
    var date: String
    /// Agent names to report on; empty means every agent of the workspace.
    var agents: [String]

    static let dateMessage = "date must be a calendar date in the form YYYY-MM-DD"
    static let agentsMessage = "agents must be an array of agent names (strings)"

    /// Reads `date` (default: today in UTC) and `agents`.
    init(_ body: JSONBody, today: Date = Date()) throws {
        switch body.fields["date"] {
        case nil, .null?:
            date = Self.dayString(today)
        case .string(let value)?:
            guard Self.isCalendarDate(value) else { throw APIError(.badRequest, Self.dateMessage) }
            date = value
        default:
            throw APIError(.badRequest, Self.dateMessage)
        }
        switch body.fields["agents"] {
        case nil, .null?:
            agents = []
        case .array(let values)?:
            agents = try values.map { value in
                guard case .string(let name) = value else { throw APIError(.badRequest, Self.agentsMessage) }
                return name
            }
        default:
            throw APIError(.badRequest, Self.agentsMessage)
        }
    }

    /// True for `YYYY-MM-DD` naming a day that exists (leap years included).
    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// The UTC day of `date` as `YYYY-MM-DD`.
    static func dayString(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 1970
        let month = parts.month ?? 1
        let day = parts.day ?? 1
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Unix seconds of `date`'s first and last second (UTC), as the original's
    /// `<date>T00:00:00Z` .. `<date>T23:59:59Z` window.
    static func dayWindow(_ date: String) -> ClosedRange<Int64> {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return 0...86_399 }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let start = Int64(calendar.date(from: components)?.timeIntervalSince1970 ?? 0)
        return start...(start + 86_399)
    }
}
