/// The token counts of one API response, as Claude Code writes them in `message.usage`.
///
/// Cache writes are kept in their two billing buckets. Old transcripts have no
/// `cache_creation {ephemeral_5m_input_tokens, ephemeral_1h_input_tokens}` split; their
/// `cache_creation_input_tokens` are all counted as 5-minute writes, as ccusage and cctrack do
/// (claude-transcripts.md §2).
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Uncached input tokens (`input_tokens`).
    public var input: Int
    /// Output tokens (`output_tokens`); a streaming placeholder (1–5) on early copies of a response.
    public var output: Int
    /// Cache writes billed at the 5-minute rate.
    public var cacheCreation5m: Int
    /// Cache writes billed at the 1-hour rate.
    public var cacheCreation1h: Int
    /// Cache reads (`cache_read_input_tokens`).
    public var cacheRead: Int

    /// Creates a usage value; every count defaults to zero.
    public init(input: Int = 0, output: Int = 0, cacheCreation5m: Int = 0, cacheCreation1h: Int = 0, cacheRead: Int = 0)
    {
        self.input = input
        self.output = output
        self.cacheCreation5m = cacheCreation5m
        self.cacheCreation1h = cacheCreation1h
        self.cacheRead = cacheRead
    }

    /// All cache writes, both buckets (`cache_creation_input_tokens`).
    public var cacheCreation: Int { cacheCreation5m + cacheCreation1h }

    /// The prompt size that decides the long-context tier: input + cache writes + cache reads.
    public var promptTokens: Int { input + cacheCreation + cacheRead }

    /// Every token of the response; the size by which streamed copies are compared.
    public var total: Int { promptTokens + output }

    /// True when every count is zero (the usage of `<synthetic>` messages).
    public var isZero: Bool { total == 0 }

    /// The element-wise sum, for rollups.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            input: lhs.input + rhs.input, output: lhs.output + rhs.output,
            cacheCreation5m: lhs.cacheCreation5m + rhs.cacheCreation5m,
            cacheCreation1h: lhs.cacheCreation1h + rhs.cacheCreation1h, cacheRead: lhs.cacheRead + rhs.cacheRead)
    }
}
