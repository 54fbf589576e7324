import MCShared

/// Limits of one IPC connection. Every queue is bounded (DESIGN §1 rule 5).
public struct IPCOptions: Sendable {
    /// Largest frame payload accepted or sent.
    public var maximumFrameSize: Int
    /// Frames waiting to be written before events are dropped and requests refused.
    public var outboundQueueLimit: Int
    /// Requests from the peer being handled at once before new ones get `overloaded`.
    public var maximumInflightRequests: Int
    /// How long to wait for the peer's hello.
    public var helloTimeout: Duration

    /// Creates options with the defaults of DESIGN §3.
    public init(
        maximumFrameSize: Int = MissionControlConfiguration.defaultMaxFrameSize,
        outboundQueueLimit: Int = 4096,
        maximumInflightRequests: Int = 1024,
        helloTimeout: Duration = .seconds(5)
    ) {
        self.maximumFrameSize = maximumFrameSize
        self.outboundQueueLimit = outboundQueueLimit
        self.maximumInflightRequests = maximumInflightRequests
        self.helloTimeout = helloTimeout
    }
}
