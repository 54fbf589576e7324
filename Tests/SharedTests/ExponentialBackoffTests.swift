import MCShared
import Testing

/// Capped exponential backoff with jitter, checked delay by delay.
@Suite struct ExponentialBackoffTests {
    private let noJitter = ExponentialBackoff(base: .milliseconds(100), cap: .seconds(2), jitter: 0)

    @Test func firstAttemptIsBase() {
        #expect(noJitter.delay(attempt: 1, random: 0.7) == .milliseconds(100))
        // Attempts below 1 are treated as the first.
        #expect(noJitter.delay(attempt: 0, random: 0) == .milliseconds(100))
        #expect(noJitter.delay(attempt: -5, random: 0) == .milliseconds(100))
    }

    @Test func doublesUntilCap() {
        let delays = (1...8).map { noJitter.delay(attempt: $0, random: 0) }
        #expect(delays == [100, 200, 400, 800, 1600, 2000, 2000, 2000].map { Duration.milliseconds($0) })
    }

    @Test func fullJitterBounds() {
        let backoff = ExponentialBackoff(base: .milliseconds(100), cap: .seconds(2))
        #expect(backoff.jitter == 1)
        #expect(backoff.delay(attempt: 3, random: 0) == .milliseconds(400))
        let nearlyOne = backoff.delay(attempt: 3, random: 0.999_999)
        #expect(nearlyOne >= .zero && nearlyOne < .microseconds(1))
        #expect(backoff.delay(attempt: 3, random: 0.5) == .milliseconds(200))
    }

    @Test func partialJitterStaysWithinItsFraction() {
        let backoff = ExponentialBackoff(base: .seconds(1), cap: .seconds(60), jitter: 0.2)
        #expect(backoff.delay(attempt: 2, random: 0) == .seconds(2))
        let low = backoff.delay(attempt: 2, random: 0.999_999)
        #expect(low > .milliseconds(1599) && low <= .milliseconds(1601))
        for _ in 0..<100 {
            let delay = backoff.delay(attempt: 2, random: Double.random(in: 0..<1))
            #expect(delay > .milliseconds(1599) && delay <= .seconds(2))
        }
    }

    @Test func outOfRangeInputsAreClamped() {
        #expect(ExponentialBackoff(base: .seconds(1), cap: .seconds(1), jitter: 5).jitter == 1)
        #expect(ExponentialBackoff(base: .seconds(1), cap: .seconds(1), jitter: -1).jitter == 0)
        let backoff = ExponentialBackoff(base: .seconds(1), cap: .seconds(10))
        #expect(backoff.delay(attempt: 1, random: -3) == .seconds(1))
        #expect(backoff.delay(attempt: 1, random: 7) == .zero)
    }

    @Test(arguments: [41, 64, 1000, Int.max])
    func hugeAttemptStaysAtCap(_ attempt: Int) {
        #expect(noJitter.delay(attempt: attempt, random: 0) == .seconds(2))
    }

    @Test func subMillisecondPrecision() {
        let backoff = ExponentialBackoff(base: .microseconds(1500), cap: .seconds(1), jitter: 0)
        #expect(backoff.delay(attempt: 2, random: 0) == .microseconds(3000))
    }

    /// A cap meant as "no cap" (`.seconds(.max)`) must not trap once base × 2^40 passes Int64 nanoseconds.
    @Test func veryLargeCapDoesNotTrap() async {
        await #expect(processExitsWith: .success) {
            let backoff = ExponentialBackoff(base: .seconds(1), cap: .seconds(Int64.max), jitter: 0)
            let delay = backoff.delay(attempt: 100, random: 0)
            precondition(delay > .seconds(1_000_000))
        }
    }
}
