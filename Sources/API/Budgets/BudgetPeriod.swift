import Foundation

/// A budget's period (UTC calendar day or month): its key (`YYYY-MM-DD` / `YYYY-MM`) and its
/// bounds in milliseconds, computed from an injected instant.
enum BudgetPeriod: String, Sendable, CaseIterable {
    case daily
    case monthly

    /// The period containing `nowMs`: key, start (inclusive) and end (exclusive) in ms.
    func window(containing nowMs: Int64) -> (key: String, startMs: Int64, endMs: Int64) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let now = Date(timeIntervalSince1970: Double(nowMs) / 1000)
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        let (year, month, day) = (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        switch self {
        case .daily:
            let start = calendar.date(from: DateComponents(year: year, month: month, day: day))!
            let end = calendar.date(byAdding: .day, value: 1, to: start)!
            return ("\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))", Self.ms(start), Self.ms(end))
        case .monthly:
            let start = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
            let end = calendar.date(byAdding: .month, value: 1, to: start)!
            return ("\(Self.pad(year, 4))-\(Self.pad(month, 2))", Self.ms(start), Self.ms(end))
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
