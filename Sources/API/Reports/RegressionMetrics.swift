import Foundation
import HTTPTypes

/// The pure arithmetic of `GET /api/tasks/regression` (reference §9.14): parameter parsing,
/// the baseline and post windows, nearest-rank percentiles and interventions.
enum RegressionMetrics {
    static let defaultLookback: Int64 = 7 * 86_400
    static let minimumLookback: Int64 = 60
    static let maximumLookback: Int64 = 30 * 86_400

    static let missingMessage = "beta_start query parameter is required (unix seconds or ISO timestamp)"
    static let unparsableMessage = "beta_start must be unix seconds or an ISO 8601 timestamp"
    static let futureMessage = "beta_start must not be in the future"

    /// One finished task as the metrics need it.
    struct Sample: Sendable, Equatable {
        var createdAt: Int64
        var completedAt: Int64
        var retryCount: Int64
        var outcome: String?
        var errorMessage: String?

        /// Retried, failed/partial/abandoned, or carrying an error message.
        var intervened: Bool {
            let outcome = (outcome ?? "").lowercased()
            return retryCount > 0 || !(errorMessage ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                || ["failed", "partial", "abandoned"].contains(outcome)
        }
    }

    /// A half-open window `[start, end)` of completion times.
    struct Window: Sendable, Equatable {
        var start: Int64
        var end: Int64
    }

    /// `beta_start` (or `cutover`): positive unix seconds (fractions dropped) or an ISO 8601
    /// date or timestamp; required and not after `now`.
    static func betaStart(_ raw: String?, now: Int64) throws -> Int64 {
        guard let text = raw?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw APIError(.badRequest, missingMessage)
        }
        let value: Int64
        if let number = Double(text), number.isFinite {
            guard number >= 1, number < 1e15 else { throw APIError(.badRequest, unparsableMessage) }
            value = Int64(number.rounded(.down))
        } else if let date = isoDate(text) {
            value = Int64(date.timeIntervalSince1970.rounded(.down))
            guard value > 0 else { throw APIError(.badRequest, unparsableMessage) }
        } else {
            throw APIError(.badRequest, unparsableMessage)
        }
        guard value <= now else { throw APIError(.badRequest, futureMessage) }
        return value
    }

    /// `lookback_seconds`: whole seconds clamped to 60…2 592 000; absent or not a number → 7 days
    /// (as the original).
    static func lookback(_ raw: String?) -> Int64 {
        guard let text = raw?.trimmingCharacters(in: .whitespaces), let number = Double(text), number.isFinite
        else { return defaultLookback }
        return min(maximumLookback, max(minimumLookback, Int64(max(-1e12, min(1e12, number)).rounded(.down))))
    }

    /// The two windows: post = `[beta_start, now + 1)` (tasks finished this second count), and
    /// a baseline of the same length (at least a minute, at most the lookback) ending at
    /// `beta_start`, never before 0.
    static func windows(betaStart: Int64, lookback: Int64, now: Int64) -> (baseline: Window, post: Window) {
        let post = Window(start: betaStart, end: now + 1)
        let length = min(lookback, max(60, post.end - post.start))
        return (Window(start: max(0, betaStart - length), end: betaStart), post)
    }

    /// The `p`-th percentile by nearest rank: the `ceil(p/100 · n)`-th smallest value.
    static func percentile(_ values: [Int64], _ p: Double) -> Int64? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// Statistics of the samples completed inside `window`. Tasks whose completion precedes
    /// their creation (clock skew, imports) are left out of both the latency and the
    /// intervention counts, so the rate is a share of the same sample (the original counted
    /// their interventions but not their latency, and could report rates above 1).
    static func stats(_ samples: [Sample], in window: Window) -> (latencies: [Int64], interventions: Int) {
        var latencies: [Int64] = []
        var interventions = 0
        for sample in samples where sample.completedAt >= window.start && sample.completedAt < window.end {
            guard sample.completedAt >= sample.createdAt else { continue }
            latencies.append(sample.completedAt - sample.createdAt)
            if sample.intervened { interventions += 1 }
        }
        return (latencies, interventions)
    }

    /// An ISO 8601 date (`2026-01-31`, midnight UTC) or timestamp with or without fractional
    /// seconds and zone (no zone reads as UTC).
    static func isoDate(_ text: String) -> Date? {
        // The formatter rolls impossible dates over (month 13 → next year); refuse them first.
        guard StandupInput.isCalendarDate(String(text.prefix(10))) else { return nil }
        let candidates: [(String, ISO8601DateFormatter.Options)] = [
            (text, [.withInternetDateTime]),
            (text, [.withInternetDateTime, .withFractionalSeconds]),
            (text + "Z", [.withInternetDateTime]),
            (text + "Z", [.withInternetDateTime, .withFractionalSeconds]),
            (text, [.withFullDate]),
        ]
        for (candidate, options) in candidates {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            formatter.timeZone = TimeZone(identifier: "UTC")
            if let date = formatter.date(from: candidate) { return date }
        }
        return nil
    }
}
