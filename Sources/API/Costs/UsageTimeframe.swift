/// The `timeframe` of `/api/tokens`: hour, day, week, month (30 days) or all, as a lower bound
/// on `usage_ledger.timestamp_ms` relative to an injected "now".
enum UsageTimeframe: String, Sendable, CaseIterable {
    case hour, day, week, month, all

    /// The timeframe named by `text` (default `all`); nil for an unknown name.
    init?(query text: String?) {
        guard let text else {
            self = .all
            return
        }
        self.init(rawValue: text)
    }

    /// The earliest timestamp (ms) inside the timeframe.
    func since(nowMs: Int64) -> Int64 {
        let hourMs: Int64 = 3_600_000
        switch self {
        case .hour: return nowMs - hourMs
        case .day: return nowMs - 24 * hourMs
        case .week: return nowMs - 7 * 24 * hourMs
        case .month: return nowMs - 30 * 24 * hourMs
        case .all: return Int64.min
        }
    }
}
