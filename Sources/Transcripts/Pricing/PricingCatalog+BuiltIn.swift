extension PricingCatalog {
    /// The built-in list prices (USD per million tokens), from claude-transcripts.md §3: the
    /// Anthropic pricing page, LiteLLM 1.110.2 and cctrack 0.11.0 agree on every row. Keys are
    /// normalised ids (`ModelNameNormalizer`). Every class is listed explicitly: the newest
    /// models do not follow the 1.25× / 2× / 0.1× multipliers.
    ///
    /// Ids of the models newer than the 4.x family are not in the reference; they are assumed to
    /// follow the 4.x pattern (`claude-<family>-<major>[-<minor>]`). Admins can add or correct
    /// any row with `with(overrides:)`.
    public static let builtIn = PricingCatalog(prices: builtInPrices)

    private static func rates(_ input: Double, _ write5m: Double, _ write1h: Double, _ read: Double, _ output: Double)
        -> TokenRates
    {
        TokenRates(usdPerMTok: input, output: output, cacheWrite5m: write5m, cacheWrite1h: write1h, cacheRead: read)
    }

    private static var builtInPrices: [String: ModelPrice] {
        let opus45 = ModelPrice(base: rates(5, 6.25, 10, 0.50, 25))
        let opus4 = ModelPrice(base: rates(15, 18.75, 30, 1.50, 75))
        let sonnet = ModelPrice(base: rates(3, 3.75, 6, 0.30, 15))
        // Sonnet 4 and 4.5: a request whose prompt exceeds 200K is billed entirely at the premium row.
        let sonnetLong = ModelPrice(
            base: sonnet.base,
            longContext: .init(thresholdTokens: 200_000, rates: rates(6, 7.50, 12, 0.60, 22.50)))
        let fable5 = ModelPrice(base: rates(10, 12.50, 20, 1.00, 50))
        let fable51 = ModelPrice(base: rates(10, 12.50, 20, 0.25, 50))
        return [
            "claude-opus-4-8": opus45,
            "claude-opus-4-7": opus45,
            // Fast mode is published at 6× for Opus 4.6 (Anthropic, cctrack); ccusage's other
            // multipliers (4-7 at 6×, 4-8 at 2×) are its own overrides, so they are not assumed.
            "claude-opus-4-6": ModelPrice(base: opus45.base, fastMultiplier: 6),
            "claude-opus-4-5": opus45,
            "claude-opus-4-1": opus4,
            "claude-opus-4": opus4,
            "claude-sonnet-4-6": sonnet,
            "claude-sonnet-4-5": sonnetLong,
            "claude-sonnet-4": sonnetLong,
            "claude-3-7-sonnet": sonnet,
            "claude-3-5-sonnet": sonnet,
            "claude-haiku-4-5": ModelPrice(base: rates(1, 1.25, 2, 0.10, 5)),
            "claude-3-5-haiku": ModelPrice(base: rates(0.80, 1.00, 1.60, 0.08, 4)),
            "claude-3-haiku": ModelPrice(base: rates(0.25, 0.30, 0.50, 0.03, 1.25)),
            "claude-opus-5": opus45,
            "claude-opus-5-5": ModelPrice(base: rates(4, 5, 8, 0.20, 20)),
            "claude-sonnet-5": ModelPrice(base: rates(2, 2.50, 4, 0.20, 10)),
            "claude-sonnet-5-5": ModelPrice(base: rates(2, 2.50, 4, 0.10, 10)),
            // Haiku 5.5's premium starts at 100K, not 200K.
            "claude-haiku-5-5": ModelPrice(
                base: rates(0.10, 0.125, 0.20, 0.01, 0.50),
                longContext: .init(thresholdTokens: 100_000, rates: rates(0.50, 0.625, 1.00, 0.05, 2.50))),
            "claude-fable-5": fable5,
            "claude-mythos-5": fable5,
            "claude-fable-5-1": fable51,
            "claude-mythos-5-1": fable51,
        ]
    }
}
