import HTTPTypes
import MCShared
import MCTranscripts

/// `PUT /api/pricing`: `{model, input, output, cache_write_5m?, cache_write_1h?, cache_read?,
/// long_context?: {threshold_tokens, input, output, cache_…?}, fast_multiplier?}` in USD per
/// million tokens. Cache rates left out follow Anthropic's usual multipliers of the input rate
/// (`ModelPrice.derived`). Every error is a 400 naming the field.
struct PricingInput: Sendable {
    /// Longest model id, in characters.
    static let modelLimit = 200
    /// Highest accepted rate, USD per million tokens (the dearest model lists $75).
    static let maximumRate = 10_000.0
    /// Highest long-context threshold, tokens.
    static let maximumThreshold = 10_000_000
    /// Highest fast-mode multiplier.
    static let maximumFastMultiplier = 100

    var model: String
    var price: ModelPrice

    init(_ body: JSONBody) throws {
        guard let model = try body.string("model")?.trimmingWhitespace(), !model.isEmpty, model.count <= Self.modelLimit
        else { throw APIError(.badRequest, "model must be a string of 1 to \(Self.modelLimit) characters") }
        self.model = model
        let base = try Self.rates(body.fields, prefix: "")
        var longContext: ModelPrice.LongContextTier?
        switch body.fields["long_context"] {
        case nil, .null?: break
        case .object(let fields)?:
            guard let threshold = fields["threshold_tokens"]?.intValue, threshold >= 1, threshold <= Self.maximumThreshold,
                fields["threshold_tokens"]?.doubleValue == Double(threshold)
            else {
                throw APIError(.badRequest, "long_context.threshold_tokens must be an integer from 1 to \(Self.maximumThreshold)")
            }
            longContext = .init(thresholdTokens: threshold, rates: try Self.rates(fields, prefix: "long_context."))
        default: throw APIError(.badRequest, "long_context must be an object")
        }
        var fast: Int64?
        if let value = body.fields["fast_multiplier"], value != .null {
            guard let number = value.intValue, value.doubleValue == Double(number), number >= 1,
                number <= Self.maximumFastMultiplier
            else { throw APIError(.badRequest, "fast_multiplier must be an integer from 1 to \(Self.maximumFastMultiplier)") }
            fast = Int64(number)
        }
        price = ModelPrice(base: base, longContext: longContext, fastMultiplier: fast)
    }

    /// The five rates of `fields`; `input` and `output` are required.
    private static func rates(_ fields: [String: JSONValue], prefix: String) throws -> TokenRates {
        func rate(_ name: String, required: Bool) throws -> Double? {
            guard let value = fields[name], value != .null else {
                if required { throw APIError(.badRequest, "\(prefix)\(name) is required") }
                return nil
            }
            guard let number = value.doubleValue, number >= 0, number <= maximumRate, number.isFinite else {
                throw APIError(.badRequest, "\(prefix)\(name) must be a number from 0 to \(Int(maximumRate)) (USD per million tokens)")
            }
            return number
        }
        let input = try rate("input", required: true) ?? 0
        let output = try rate("output", required: true) ?? 0
        let derived = ModelPrice.derived(inputUSDPerMTok: input, outputUSDPerMTok: output).base
        func micro(_ usd: Double?, _ fallback: Int64) -> Int64 { usd.map { Int64(($0 * 1_000_000).rounded()) } ?? fallback }
        return TokenRates(
            input: derived.input, output: derived.output,
            cacheWrite5m: micro(try rate("cache_write_5m", required: false), derived.cacheWrite5m),
            cacheWrite1h: micro(try rate("cache_write_1h", required: false), derived.cacheWrite1h),
            cacheRead: micro(try rate("cache_read", required: false), derived.cacheRead))
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    fileprivate func trimmingWhitespace() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
