/// A deterministic source of jitter factors for backoff delays (SplitMix64).
///
/// Seeded once in `SupervisorStateMachine.init`, so the same seed and the same events give the
/// same delays: tests are reproducible and the machine stays pure. The actor seeds it from the
/// system's random generator in production.
struct BackoffJitter: Sendable, Equatable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits (SplitMix64, Steele et al. 2014).
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A factor uniformly drawn from `[1 - spread, 1 + spread]`; `spread` is clamped to `[0, 1]`.
    mutating func factor(spread: Double) -> Double {
        let spread = min(max(spread, 0), 1)
        // The top 53 bits give a uniform Double in [0, 1) with every value representable.
        let unit = Double(next() >> 11) / Double(UInt64(1) << 53)
        return 1 - spread + 2 * spread * unit
    }
}
