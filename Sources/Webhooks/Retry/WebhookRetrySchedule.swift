/// When a failed automatic delivery is tried again: the original's schedule (reference
/// mc-background §1.5) as a pure value. The caller supplies the clock (`now`, unix seconds) and
/// the random source, so tests can check every bound exactly.
///
/// - Delays `30 s, 5 min, 30 min, 2 h, 8 h`, indexed by the 0-based attempt that just failed and
///   clamped to the last entry (attempts 5…8 of a 10-attempt schedule all wait 8 h).
/// - ±20 % uniform jitter, rounded to whole seconds, so webhooks that failed together do not all
///   come back in the same second: attempt 0 waits 24…36 s, attempt 4 waits 23 040…34 560 s.
/// - `maxAttempts` counts every attempt including the first (the original's `MC_WEBHOOK_MAX_RETRIES`,
///   default 5, so by default the 8 h step is never used); after the last one the delivery gives up.
public struct WebhookRetrySchedule: Sendable, Hashable {
    /// The original's `BACKOFF_SECONDS`.
    public static let baseDelays: [Int64] = [30, 300, 1_800, 7_200, 28_800]
    /// Jitter as a fraction of the delay: ±20 %.
    public static let jitter = 0.2
    /// The default number of attempts, including the first.
    public static let defaultMaxAttempts = 5
    /// The accepted range of `maxAttempts` (`MC_WEBHOOK_MAX_RETRIES`).
    public static let maxAttemptsRange = 1...10

    /// Total attempts per delivery, including the first, in `maxAttemptsRange`.
    public let maxAttempts: Int

    /// A schedule with `maxAttempts` attempts; nil when it is outside `maxAttemptsRange`.
    public init?(maxAttempts: Int = WebhookRetrySchedule.defaultMaxAttempts) {
        guard Self.maxAttemptsRange.contains(maxAttempts) else { return nil }
        self.maxAttempts = maxAttempts
    }

    /// The delay in whole seconds after the 0-based `attempt` failed, for `random` in `0..<1`
    /// (0 gives −20 %, values near 1 give +20 %; out-of-range values are clamped).
    public static func delay(afterFailedAttempt attempt: Int, random: Double) -> Int64 {
        let base = Double(baseDelays[min(max(attempt, 0), baseDelays.count - 1)])
        let unit = random.isFinite ? min(max(random, 0), 1) : 0.5
        let factor = 1 - jitter + 2 * jitter * unit
        return Int64((base * factor).rounded())
    }

    /// Whether another attempt follows the 0-based `attempt` that just failed.
    public func allowsRetry(afterFailedAttempt attempt: Int) -> Bool {
        attempt < maxAttempts - 1
    }

    /// The unix time of the next attempt after the 0-based `attempt` failed at `now`, or nil when
    /// that was the last attempt (give up), with `random` in `0..<1` choosing the jitter.
    public func nextRetry(afterFailedAttempt attempt: Int, now: Int64, random: Double) -> Int64? {
        guard allowsRetry(afterFailedAttempt: attempt) else { return nil }
        return now + Self.delay(afterFailedAttempt: attempt, random: random)
    }

    /// As `nextRetry(afterFailedAttempt:now:random:)`, drawing the jitter from `generator`.
    public func nextRetry(
        afterFailedAttempt attempt: Int, now: Int64, using generator: inout some RandomNumberGenerator
    ) -> Int64? {
        nextRetry(afterFailedAttempt: attempt, now: now, random: Double.random(in: 0..<1, using: &generator))
    }
}
