@testable import MCSupervisor

/// A hand-driven monotonic clock: time moves only when a test advances it.
struct MockClock {
    private(set) var now: MonotonicInstant = .zero

    mutating func advance(by duration: Duration) {
        now = now + duration
    }

    mutating func advance(milliseconds: Int) {
        advance(by: .milliseconds(milliseconds))
    }

    /// Moves to `instant` (tests use it to jump to `nextDeadline()`); never backwards.
    mutating func advance(to instant: MonotonicInstant) {
        now = max(now, instant)
    }
}
