import Testing

@testable import MCTranscripts

/// Costs are hand-computed in micro-dollars: n tokens × p USD per million tokens = n·p µ$.
@Suite struct PricingTests {
    let catalog = PricingCatalog.builtIn

    @Test(arguments: [
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
        ("claude-opus-4-7-20260416", "claude-opus-4-7"),
        ("claude-opus-4-20250514", "claude-opus-4"),
        ("anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"),
        ("openrouter/anthropic/claude-opus-4.6", "claude-opus-4-6"),
        ("vertex_ai/claude-sonnet-4-5@20250929", "claude-sonnet-4-5"),
        ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"),
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet"),
        ("claude-3-5-haiku-latest", "claude-3-5-haiku"),
        (" Claude-Haiku-4-5 ", "claude-haiku-4-5"),
        ("claude-sonnet-4-5-20250929[1m]", "claude-sonnet-4-5"),
        ("claude-nova-9", "claude-nova-9"),
    ])
    func normalisation(model: String, expected: String) {
        #expect(ModelNameNormalizer.normalize(model) == expected)
    }

    @Test func oneHourAndFiveMinuteCacheWritesUseTheirOwnRates() {
        // Sonnet 4.6: input 3, 5m 3.75, 1h 6, read 0.30, output 15.
        // 100×3 + 200×15 + 1000×3.75 + 2000×6 + 10000×0.30 = 300 + 3000 + 3750 + 12000 + 3000 = 22050 µ$
        let usage = TokenUsage(input: 100, output: 200, cacheCreation5m: 1000, cacheCreation1h: 2000, cacheRead: 10000)
        let cost = catalog.cost(of: usage, model: "claude-sonnet-4-6")
        #expect(cost.microdollars == 22_050)
        #expect(cost.usd == 0.02205)
        #expect(cost.flags == [])
    }

    @Test func longContextTierAppliesToTheWholeRequestPastTheThreshold() {
        // Sonnet 4.5 at exactly 200,000 prompt tokens: base rates.
        // 1000×3 + 199000×0.30 + 500×15 = 3000 + 59700 + 7500 = 70200 µ$
        let atLimit = TokenUsage(input: 1000, output: 500, cacheRead: 199_000)
        #expect(catalog.cost(of: atLimit, model: "claude-sonnet-4-5-20250929").microdollars == 70_200)
        #expect(catalog.cost(of: atLimit, model: "claude-sonnet-4-5-20250929").flags == [])
        // One token more (200,001): every class at the premium row 6 / 7.50 / 12 / 0.60 / 22.50.
        // 1001×6 + 199000×0.60 + 500×22.50 = 6006 + 119400 + 11250 = 136656 µ$
        let past = TokenUsage(input: 1001, output: 500, cacheRead: 199_000)
        let cost = catalog.cost(of: past, model: "claude-sonnet-4-5-20250929")
        #expect(cost.microdollars == 136_656)
        #expect(cost.flags == .longContext)
        // Sonnet 4.6 has no premium: 1001×3 + 199000×0.30 + 500×15 = 3003 + 59700 + 7500 = 70203 µ$
        #expect(catalog.cost(of: past, model: "claude-sonnet-4-6").microdollars == 70_203)
    }

    @Test func haikuFiveFiveHasAHundredThousandTokenTier() {
        // At 100,000: 100000×0.10 + 1000×0.50 = 10000 + 500 = 10500 µ$.
        let atLimit = catalog.cost(of: TokenUsage(input: 100_000, output: 1000), model: "claude-haiku-5-5")
        #expect(atLimit.microdollars == 10_500)
        // At 100,001: 100001×0.50 + 1000×2.50 = 50000.5 + 2500 = 52500.5 → 52501 µ$ (half up).
        let cost = catalog.cost(of: TokenUsage(input: 100_001, output: 1000), model: "claude-haiku-5-5")
        #expect(cost.microdollars == 52_501)
        #expect(cost.flags == .longContext)
    }

    @Test func roundingHappensOncePerResponse() {
        // Haiku 3 cache read 0.03: 1 token = 0.03 µ$ → 0; 17 tokens = 0.51 µ$ → 1.
        #expect(catalog.cost(of: TokenUsage(cacheRead: 1), model: "claude-3-haiku-20240307").microdollars == 0)
        #expect(catalog.cost(of: TokenUsage(cacheRead: 17), model: "claude-3-haiku-20240307").microdollars == 1)
    }

    @Test func unknownModelCostsNilAndIsFlaggedNeverZero() {
        let cost = catalog.cost(of: TokenUsage(input: 100, output: 100), model: "claude-nova-9")
        #expect(cost.microdollars == nil)
        #expect(cost.usd == nil)
        #expect(cost.flags == .unknownModel)
        #expect(cost.normalizedModel == "claude-nova-9")
        #expect(catalog.cost(of: TokenUsage(input: 1), model: nil).flags == .noModel)
        #expect(catalog.cost(of: TokenUsage(input: 1), model: nil).microdollars == nil)
    }

    @Test func syntheticCostsZero() {
        let cost = catalog.cost(of: TokenUsage(), model: "<synthetic>")
        #expect(cost.microdollars == 0)
        #expect(cost.flags == .synthetic)
    }

    @Test func fastModeUsesThePublishedMultiplierOrIsFlagged() {
        // Opus 4.6 fast = 6×: 1000×5×6 + 100×25×6 = 30000 + 15000 = 45000 µ$.
        let usage = TokenUsage(input: 1000, output: 100)
        let fast = catalog.cost(of: usage, model: "claude-opus-4-6", speed: "fast")
        #expect(fast.microdollars == 45_000)
        #expect(fast.flags == .fastMode)
        // Opus 4.8 has no published fast price here: standard 1000×5 + 100×25 = 7500 µ$, flagged.
        let unpriced = catalog.cost(of: usage, model: "claude-opus-4-8", speed: "fast")
        #expect(unpriced.microdollars == 7_500)
        #expect(unpriced.flags == .fastModeUnpriced)
    }

    @Test func overridesMergeOverTheBuiltInTable() {
        let custom = catalog.with(overrides: [
            // Dated key: normalised, so it replaces claude-sonnet-4-6 itself.
            "claude-sonnet-4-6-20260101": ModelPrice(
                base: TokenRates(usdPerMTok: 1, output: 2, cacheWrite5m: 3, cacheWrite1h: 4, cacheRead: 0.5)),
            "claude-nova-9": .derived(inputUSDPerMTok: 2, outputUSDPerMTok: 8),
        ])
        // 10×1 + 10×2 = 30 µ$
        #expect(custom.cost(of: TokenUsage(input: 10, output: 10), model: "claude-sonnet-4-6").microdollars == 30)
        // Derived: 1h write = 2 × input = 4 USD/MTok; 100×2 + 100×8 + 100×4 = 1400 µ$
        #expect(
            custom.cost(of: TokenUsage(input: 100, output: 100, cacheCreation1h: 100), model: "claude-nova-9")
                .microdollars == 1_400)
        // Untouched rows and the original catalog stay as they were.
        #expect(custom.price(for: "claude-opus-4-6") == catalog.price(for: "claude-opus-4-6"))
        #expect(catalog.cost(of: TokenUsage(input: 10, output: 10), model: "claude-sonnet-4-6").microdollars == 180)
    }

    @Test func everyReferenceRowIsPriced() {
        let ids = [
            "claude-opus-4-8", "claude-opus-4-7-20260416", "claude-opus-4-6-20260205", "claude-opus-4-5-20251101",
            "claude-opus-4-1-20250805", "claude-opus-4-20250514", "claude-sonnet-4-6", "claude-sonnet-4-5-20250929",
            "claude-sonnet-4-20250514", "claude-3-7-sonnet-20250219", "claude-3-5-sonnet-20241022",
            "claude-3-5-sonnet-20240620", "claude-haiku-4-5-20251001", "claude-3-5-haiku-20241022",
            "claude-3-haiku-20240307",
        ]
        for id in ids { #expect(catalog.price(for: id) != nil, "\(id)") }
        // Spot checks of rows that break the usual multipliers.
        #expect(catalog.price(for: "claude-3-haiku-20240307")?.base.cacheWrite5m == 300_000)
        #expect(catalog.price(for: "claude-sonnet-5-5")?.base.cacheRead == 100_000)
        #expect(catalog.price(for: "claude-fable-5-1")?.base.cacheRead == 250_000)
    }
}
