/// A point on a monotonic clock, in nanoseconds since an arbitrary origin.
///
/// The state machine never reads a clock itself: the actor converts `ContinuousClock.now` (or
/// `clock_gettime(CLOCK_MONOTONIC)`) into this type and passes it with every event, and tests
/// advance it by hand. Keeping it a plain integer makes test expectations exact.
struct MonotonicInstant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the clock's origin.
    var nanoseconds: UInt64

    /// The clock's origin.
    static let zero = MonotonicInstant(nanoseconds: 0)

    init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// Moves the instant by `duration`, saturating at the ends of the range rather than trapping,
    /// so a huge configured timeout means "never" instead of a crash.
    static func + (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        let delta = Self.nanoseconds(of: rhs)
        if delta >= 0 {
            let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(UInt64(delta))
            return MonotonicInstant(nanoseconds: overflow ? .max : sum)
        }
        let magnitude = delta.magnitude
        return MonotonicInstant(nanoseconds: lhs.nanoseconds > magnitude ? lhs.nanoseconds - magnitude : 0)
    }

    /// The time from `rhs` to `lhs`; negative when `rhs` is later.
    static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        if lhs >= rhs {
            return .nanoseconds(Int64(clamping: lhs.nanoseconds - rhs.nanoseconds))
        }
        return .nanoseconds(-Int64(clamping: rhs.nanoseconds - lhs.nanoseconds))
    }

    var description: String {
        "\(nanoseconds / 1_000_000)ms"
    }

    /// Whole nanoseconds in `duration`, saturating at `Int64` bounds (about 292 years).
    static func nanoseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            return seconds < 0 ? .min : .max
        }
        let (total, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 {
            return seconds < 0 ? .min : .max
        }
        return total
    }
}
