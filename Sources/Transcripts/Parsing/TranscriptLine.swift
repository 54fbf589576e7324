/// The fields of one Claude Code transcript line that costs and session attribution need
/// (claude-transcripts.md §2). Everything else (message content, tool results) is ignored, so a
/// parsed line is small whatever the size of the text it came from.
public struct TranscriptLine: Sendable, Hashable {
    /// `type`: `user`, `assistant`, `summary`, `system`, `progress`, … (not validated: any line
    /// with `message.usage` counts, as in ccusage and claude-monitor).
    public var type: String?
    /// `uuid` of the line.
    public var uuid: String?
    /// `sessionId`; subagent lines carry their parent's.
    public var sessionID: String?
    /// `agentId`, on subagent lines.
    public var agentID: String?
    /// `cwd`: the real project path (the folder name is a lossy encoding of it).
    public var cwd: String?
    /// `gitBranch`; nil when empty (outside a repository).
    public var gitBranch: String?
    /// `version`: the Claude Code version that wrote the line.
    public var version: String?
    /// `timestamp` as milliseconds since the Unix epoch; nil when absent or not ISO-8601.
    public var timestampMilliseconds: Int64?
    /// `isSidechain`: a subagent or side-question line.
    public var isSidechain: Bool
    /// `isApiErrorMessage`.
    public var isAPIError: Bool
    /// `message.id` of the API response ("msg_…").
    public var messageID: String?
    /// `message.model`; `<synthetic>` for locally generated messages.
    public var model: String?
    /// Top-level `requestId` ("req_…").
    public var requestID: String?
    /// `message.usage`, when the line carries one.
    public var usage: TokenUsage?
    /// `usage.speed` (`standard` or `fast`).
    public var speed: String?
    /// True when the usage came from a legacy `progress` line's nested `data.message`.
    public var isUnwrappedProgress: Bool

    /// Creates a line; used by the parser and by tests.
    public init(
        type: String? = nil, uuid: String? = nil, sessionID: String? = nil, agentID: String? = nil,
        cwd: String? = nil, gitBranch: String? = nil, version: String? = nil, timestampMilliseconds: Int64? = nil,
        isSidechain: Bool = false, isAPIError: Bool = false, messageID: String? = nil, model: String? = nil,
        requestID: String? = nil, usage: TokenUsage? = nil, speed: String? = nil, isUnwrappedProgress: Bool = false
    ) {
        self.type = type
        self.uuid = uuid
        self.sessionID = sessionID
        self.agentID = agentID
        self.cwd = cwd
        self.gitBranch = gitBranch
        self.version = version
        self.timestampMilliseconds = timestampMilliseconds
        self.isSidechain = isSidechain
        self.isAPIError = isAPIError
        self.messageID = messageID
        self.model = model
        self.requestID = requestID
        self.usage = usage
        self.speed = speed
        self.isUnwrappedProgress = isUnwrappedProgress
    }

    /// The model name Claude Code writes for locally generated messages (API errors,
    /// interruptions); their usage is all zeros.
    public static let syntheticModel = "<synthetic>"

    /// True for `<synthetic>` messages.
    public var isSynthetic: Bool { model == Self.syntheticModel }
}
