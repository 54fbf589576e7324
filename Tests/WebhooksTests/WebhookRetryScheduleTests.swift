import MCWebhooks
import Testing

@Suite struct WebhookRetryScheduleTests {
    /// The jitter's exact bounds per failed attempt: the lowest and the highest random draw.
    @Test(arguments: [
        (0, Int64(24), Int64(36)), (1, 240, 360), (2, 1_440, 2_160), (3, 5_760, 8_640), (4, 23_040, 34_560),
        (7, 23_040, 34_560),
    ])
    func jitterBounds(attempt: Int, low: Int64, high: Int64) {
        #expect(WebhookRetrySchedule.delay(afterFailedAttempt: attempt, random: 0) == low)
        #expect(WebhookRetrySchedule.delay(afterFailedAttempt: attempt, random: 0.999_999_999) == high)
        #expect(
            WebhookRetrySchedule.delay(afterFailedAttempt: attempt, random: 0.5)
                == WebhookRetrySchedule.baseDelays[min(attempt, 4)])
    }

    @Test func randomDrawsStayWithinBounds() {
        var generator = SplitMix(seed: 42)
        let schedule = WebhookRetrySchedule()!
        for attempt in 0..<4 {
            let base = WebhookRetrySchedule.baseDelays[attempt]
            for _ in 0..<500 {
                let next = schedule.nextRetry(afterFailedAttempt: attempt, now: 1_000, using: &generator)!
                #expect((1_000 + base * 8 / 10)...(1_000 + base * 12 / 10) ~= next)
            }
        }
    }

    @Test func outOfRangeRandomIsClamped() {
        #expect(WebhookRetrySchedule.delay(afterFailedAttempt: 0, random: -3) == 24)
        #expect(WebhookRetrySchedule.delay(afterFailedAttempt: 0, random: 7) == 36)
        #expect(WebhookRetrySchedule.delay(afterFailedAttempt: 0, random: .nan) == 30)
        #expect(WebhookRetrySchedule.delay(afterFailedAttempt: -1, random: 0.5) == 30)
    }

    @Test func defaultScheduleRetriesFourTimesThenGivesUp() {
        let schedule = WebhookRetrySchedule()!
        #expect(schedule.maxAttempts == 5)
        #expect(schedule.nextRetry(afterFailedAttempt: 0, now: 100, random: 0.5) == 130)
        #expect(schedule.nextRetry(afterFailedAttempt: 3, now: 100, random: 0.5) == 7_300)
        #expect(schedule.nextRetry(afterFailedAttempt: 4, now: 100, random: 0.5) == nil)
        #expect(schedule.nextRetry(afterFailedAttempt: 9, now: 100, random: 0.5) == nil)
    }

    @Test func singleAttemptNeverRetries() {
        let schedule = WebhookRetrySchedule(maxAttempts: 1)!
        #expect(schedule.nextRetry(afterFailedAttempt: 0, now: 100, random: 0.5) == nil)
    }

    @Test func tenAttemptsUseTheEightHourStepUntilTheLast() {
        let schedule = WebhookRetrySchedule(maxAttempts: 10)!
        #expect(schedule.nextRetry(afterFailedAttempt: 4, now: 0, random: 0.5) == 28_800)
        #expect(schedule.nextRetry(afterFailedAttempt: 8, now: 0, random: 0.5) == 28_800)
        #expect(schedule.nextRetry(afterFailedAttempt: 9, now: 0, random: 0.5) == nil)
    }

    @Test(arguments: [1, 10]) func maxAttemptsAtTheLimitsIsAccepted(value: Int) {
        #expect(WebhookRetrySchedule(maxAttempts: value)?.maxAttempts == value)
    }

    @Test(arguments: [0, 11, -1]) func maxAttemptsPastTheLimitsIsRefused(value: Int) {
        #expect(WebhookRetrySchedule(maxAttempts: value) == nil)
    }
}

/// A seeded generator, so random draws are reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
