/// How the ledger identifies one API response, so that every copy of it lands on one row.
public enum UsageKey: Sendable, Hashable, CustomStringConvertible {
    /// A response identified by `message.id` and `requestId` (nil when a gateway omits it).
    case response(messageID: String, requestID: String?)
    /// A usage line without `message.id`, identified by its line `uuid` (a resumed session
    /// replays lines with the same uuid).
    case line(uuid: String)
    /// A usage line with neither: it cannot be recognised again, so it is never merged.
    case unkeyed

    /// A stable text form for a unique database column; nil for `unkeyed`.
    public var storageKey: String? {
        switch self {
        case .response(let messageID, let requestID): "m:\(messageID)|\(requestID ?? "")"
        case .line(let uuid): "u:\(uuid)"
        case .unkeyed: nil
        }
    }

    /// The storage key, or `unkeyed`.
    public var description: String { storageKey ?? "unkeyed" }
}

/// What a record is, besides its tokens, that reports must show rather than hide.
public struct UsageFlags: OptionSet, Sendable, Hashable {
    /// The flag bits.
    public let rawValue: UInt8
    /// Creates flags from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `<synthetic>`: a locally generated message (API error, interruption); zero usage, zero cost.
    public static let synthetic = UsageFlags(rawValue: 1 << 0)
    /// The line named no model, so it cannot be priced.
    public static let noModel = UsageFlags(rawValue: 1 << 1)
    /// `isApiErrorMessage: true`.
    public static let apiError = UsageFlags(rawValue: 1 << 2)
    /// The surviving copy is a sidechain (subagent) line.
    public static let sidechain = UsageFlags(rawValue: 1 << 3)
    /// Neither `message.id` nor `uuid`: never de-duplicated.
    public static let unkeyed = UsageFlags(rawValue: 1 << 4)
}

/// One de-duplicated API response: the surviving copy of its line and its usage.
public struct UsageRecord: Sendable, Hashable {
    /// The ledger key.
    public var key: UsageKey
    /// The surviving copy (session, agent, cwd, branch, model, timestamp…).
    public var line: TranscriptLine
    /// Its usage.
    public var usage: TokenUsage
    /// Synthetic, no model, API error, sidechain, unkeyed. Unknown models are flagged by the
    /// pricing catalog, which is where "unknown" is decided.
    public var flags: UsageFlags

    /// Creates a record from a line that carries usage.
    public init(key: UsageKey, line: TranscriptLine, usage: TokenUsage) {
        self.key = key
        self.line = line
        self.usage = usage
        var flags: UsageFlags = []
        if line.isSynthetic { flags.insert(.synthetic) }
        if line.model == nil { flags.insert(.noModel) }
        if line.isAPIError { flags.insert(.apiError) }
        if line.isSidechain { flags.insert(.sidechain) }
        if key == .unkeyed { flags.insert(.unkeyed) }
        self.flags = flags
    }
}

/// What the ledger must do after the de-duplicator has seen a line.
public enum UsageChange: Sendable, Hashable {
    /// A response seen for the first time (in the de-duplicator's window): insert it.
    case added(UsageRecord)
    /// A better copy of a response already reported under `replacing`: replace that row with
    /// this record. `replacing` differs from the record's key when a main-chain copy supersedes
    /// a sidechain replay that had another `requestId`.
    case improved(UsageRecord, replacing: UsageKey)

    /// The record to store.
    public var record: UsageRecord {
        switch self {
        case .added(let record), .improved(let record, _): record
        }
    }
}
