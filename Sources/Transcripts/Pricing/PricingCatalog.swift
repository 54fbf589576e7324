/// The one price list of Mission Control (the original had three): per-model rates for every
/// token class, the long-context tier and fast mode, looked up by normalised model id.
public struct PricingCatalog: Sendable, Hashable {
    /// Prices by normalised model id.
    public let prices: [String: ModelPrice]

    /// A catalog of `prices`; keys are normalised on the way in.
    public init(prices: [String: ModelPrice]) {
        var normalized: [String: ModelPrice] = [:]
        for (model, price) in prices { normalized[ModelNameNormalizer.normalize(model)] = price }
        self.prices = normalized
    }

    /// This catalog with `overrides` merged over it: a model present in both takes the
    /// override's whole price (base, tier and fast multiplier); new models are added. Keys are
    /// normalised, so overriding `claude-sonnet-4-5-20250929` replaces `claude-sonnet-4-5`.
    public func with(overrides: [String: ModelPrice]) -> PricingCatalog {
        var merged = prices
        for (model, price) in overrides { merged[ModelNameNormalizer.normalize(model)] = price }
        return PricingCatalog(prices: merged)
    }

    /// The price of `model`, or nil when it is not in the catalog.
    public func price(for model: String) -> ModelPrice? {
        prices[ModelNameNormalizer.normalize(model)]
    }

    /// The cost of one response. `<synthetic>` costs 0; an unknown or missing model costs nil
    /// (flagged). When the prompt (input + cache writes + cache reads) exceeds the model's
    /// long-context threshold, every class, output included, is billed at the premium rates
    /// (Anthropic's rule; ccusage's per-class split underbills, claude-transcripts.md §3).
    public func cost(of usage: TokenUsage, model: String?, speed: String? = nil) -> UsageCost {
        guard let model else { return UsageCost(microdollars: nil, normalizedModel: nil, flags: .noModel) }
        if model == TranscriptLine.syntheticModel {
            return UsageCost(microdollars: 0, normalizedModel: model, flags: .synthetic)
        }
        let key = ModelNameNormalizer.normalize(model)
        guard let price = prices[key] else {
            return UsageCost(microdollars: nil, normalizedModel: key, flags: .unknownModel)
        }
        var flags: CostFlags = []
        var rates = price.base
        if let tier = price.longContext, usage.promptTokens > tier.thresholdTokens {
            rates = tier.rates
            flags.insert(.longContext)
        }
        if speed == "fast" {
            if let multiplier = price.fastMultiplier {
                rates = rates.scaled(by: multiplier)
                flags.insert(.fastMode)
            } else {
                flags.insert(.fastModeUnpriced)
            }
        }
        // Rates are micro-dollars per million tokens: divide the exact sum by 10⁶, half up.
        let exact = rates.exactCost(of: usage)
        let micro = (exact + 500_000) / 1_000_000
        return UsageCost(microdollars: Int64(clamping: micro), normalizedModel: key, flags: flags)
    }

    /// The cost of a de-duplicated record.
    public func cost(of record: UsageRecord) -> UsageCost {
        cost(of: record.usage, model: record.line.model, speed: record.line.speed)
    }
}
