/// Why a cost is missing, partial or special; shown to users next to the figure.
public struct CostFlags: OptionSet, Sendable, Hashable {
    /// The flag bits.
    public let rawValue: UInt8
    /// Creates flags from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The model is not in the catalog: the cost is nil, never a silent 0.
    public static let unknownModel = CostFlags(rawValue: 1 << 0)
    /// The line named no model: the cost is nil.
    public static let noModel = CostFlags(rawValue: 1 << 1)
    /// `<synthetic>`: a local message, cost 0 by definition.
    public static let synthetic = CostFlags(rawValue: 1 << 2)
    /// The long-context tier applied to the whole request.
    public static let longContext = CostFlags(rawValue: 1 << 3)
    /// Fast mode at the model's published multiplier.
    public static let fastMode = CostFlags(rawValue: 1 << 4)
    /// Fast mode on a model with no published fast price: billed at standard rates, so the
    /// figure is likely an underestimate.
    public static let fastModeUnpriced = CostFlags(rawValue: 1 << 5)
}

/// The list-price estimate of one response.
public struct UsageCost: Sendable, Hashable {
    /// The cost in micro-dollars, rounded half up once per response from the exact sum; nil
    /// when the model is unknown or missing.
    public var microdollars: Int64?
    /// The catalog key the model normalised to (nil when there was no model).
    public var normalizedModel: String?
    /// What is special about this cost.
    public var flags: CostFlags

    /// Creates a cost.
    public init(microdollars: Int64?, normalizedModel: String?, flags: CostFlags) {
        self.microdollars = microdollars
        self.normalizedModel = normalizedModel
        self.flags = flags
    }

    /// The cost in US dollars, for display; sums should add `microdollars` instead.
    public var usd: Double? { microdollars.map { Double($0) / 1_000_000 } }
}
