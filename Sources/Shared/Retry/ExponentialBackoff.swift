/// Capped exponential backoff with jitter, as a pure value: the caller supplies the attempt
/// number and a random fraction, so tests can check every delay exactly.
public struct ExponentialBackoff: Sendable, Equatable {
    /// Delay before the first retry.
    public var base: Duration
    /// Largest delay.
    public var cap: Duration
    /// Fraction of the delay that is randomised: 1.0 is "full jitter" (0...delay), 0.2 is ±10 %
    /// around 90 % of the delay. Jitter spreads reconnects so that many clients do not arrive
    /// together after a restart.
    public var jitter: Double

    /// Creates a backoff policy.
    public init(base: Duration, cap: Duration, jitter: Double = 1.0) {
        self.base = base
        self.cap = cap
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before retry number `attempt` (1-based): `base × 2^(attempt-1)` capped at `cap`,
    /// then reduced by up to `jitter` of itself according to `random` in 0..<1.
    public func delay(attempt: Int, random: Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        let baseNanos = Double(base.components.seconds) * 1e9 + Double(base.components.attoseconds) / 1e9
        let capNanos = Double(cap.components.seconds) * 1e9 + Double(cap.components.attoseconds) / 1e9
        let raw = min(baseNanos * pow2(exponent), capNanos)
        let jittered = raw * (1 - jitter * min(max(random, 0), 1))
        // Int64 nanoseconds end at about 292 years; a larger (effectively "no") cap must not trap.
        guard jittered < 9.0e18 else { return .seconds(jittered / 1e9) }
        return .nanoseconds(Int64(jittered))
    }

    private func pow2(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 2 }
        return result
    }
}
