#if canImport(Glibc)
import Glibc
#endif

extension MonotonicInstant {
    /// The system's monotonic clock now (CLOCK_MONOTONIC: not changed by wall-clock jumps).
    static func now() -> MonotonicInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(nanoseconds: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }
}
