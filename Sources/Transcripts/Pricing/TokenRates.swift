/// The price of each token class, in micro-dollars per million tokens (USD/MTok × 1,000,000),
/// so that every listed price (down to $0.01/MTok) is an exact integer and costs add up without
/// floating-point drift.
public struct TokenRates: Sendable, Hashable, Codable {
    /// Uncached input.
    public var input: Int64
    /// Output.
    public var output: Int64
    /// Cache writes kept 5 minutes.
    public var cacheWrite5m: Int64
    /// Cache writes kept 1 hour.
    public var cacheWrite1h: Int64
    /// Cache reads.
    public var cacheRead: Int64

    /// Rates given in micro-dollars per million tokens.
    public init(input: Int64, output: Int64, cacheWrite5m: Int64, cacheWrite1h: Int64, cacheRead: Int64) {
        self.input = input
        self.output = output
        self.cacheWrite5m = cacheWrite5m
        self.cacheWrite1h = cacheWrite1h
        self.cacheRead = cacheRead
    }

    /// Rates given in USD per million tokens, as price tables list them; rounded to the
    /// nearest micro-dollar per million tokens.
    public init(usdPerMTok input: Double, output: Double, cacheWrite5m: Double, cacheWrite1h: Double, cacheRead: Double)
    {
        func micro(_ usd: Double) -> Int64 { Int64((usd * 1_000_000).rounded()) }
        self.init(
            input: micro(input), output: micro(output), cacheWrite5m: micro(cacheWrite5m),
            cacheWrite1h: micro(cacheWrite1h), cacheRead: micro(cacheRead))
    }

    /// Every rate multiplied by `factor` (fast mode).
    public func scaled(by factor: Int64) -> TokenRates {
        TokenRates(
            input: input * factor, output: output * factor, cacheWrite5m: cacheWrite5m * factor,
            cacheWrite1h: cacheWrite1h * factor, cacheRead: cacheRead * factor)
    }

    /// The cost of `usage` at these rates in micro-dollars × 10⁻⁶ (exact, no rounding yet).
    func exactCost(of usage: TokenUsage) -> Int128 {
        Int128(usage.input) * Int128(input) + Int128(usage.output) * Int128(output)
            + Int128(usage.cacheCreation5m) * Int128(cacheWrite5m)
            + Int128(usage.cacheCreation1h) * Int128(cacheWrite1h) + Int128(usage.cacheRead) * Int128(cacheRead)
    }
}

/// A model's prices: the base rates, an optional long-context tier and an optional fast-mode
/// multiplier.
public struct ModelPrice: Sendable, Hashable, Codable {
    /// The premium rates that apply to a whole request whose prompt exceeds a threshold.
    public struct LongContextTier: Sendable, Hashable, Codable {
        /// Prompt tokens (input + cache writes + cache reads) above which the tier applies.
        public var thresholdTokens: Int
        /// The rates of every token class, output included, for such a request.
        public var rates: TokenRates

        /// Creates a tier.
        public init(thresholdTokens: Int, rates: TokenRates) {
            self.thresholdTokens = thresholdTokens
            self.rates = rates
        }
    }

    /// Rates for ordinary requests.
    public var base: TokenRates
    /// The long-context tier, for models that have one (Anthropic's whole-request rule).
    public var longContext: LongContextTier?
    /// The price multiplier of `usage.speed == "fast"`, for models with a published fast price.
    public var fastMultiplier: Int64?

    /// Creates a price.
    public init(base: TokenRates, longContext: LongContextTier? = nil, fastMultiplier: Int64? = nil) {
        self.base = base
        self.longContext = longContext
        self.fastMultiplier = fastMultiplier
    }

    /// A price from input and output rates only (USD per million tokens), with Anthropic's usual
    /// multipliers for the cache classes: 5-minute writes 1.25×, 1-hour writes 2×, reads 0.1×
    /// input. For admin-added models whose cache prices are not given; built-in rows list every
    /// price explicitly because the newest models break these multipliers.
    public static func derived(inputUSDPerMTok input: Double, outputUSDPerMTok output: Double) -> ModelPrice {
        ModelPrice(
            base: TokenRates(
                usdPerMTok: input, output: output, cacheWrite5m: input * 1.25, cacheWrite1h: input * 2,
                cacheRead: input * 0.1))
    }
}
