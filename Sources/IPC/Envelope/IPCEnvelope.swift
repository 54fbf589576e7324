import MCShared

/// One frame's JSON: `{"v":1,"k":"hello|req|res|evt","id":…,"m":…,"b":{…},"e":{…},"t":…}`.
public struct IPCEnvelope: Sendable, Codable, Equatable {
    /// What a frame is.
    public enum Kind: String, Sendable, Codable {
        case hello, req, res, evt
    }

    /// Envelope format version; only 1 exists.
    public var v: Int
    /// The frame's kind.
    public var k: Kind
    /// Request id (requests and their responses).
    public var id: UInt64?
    /// Method (requests) or topic (events).
    public var m: String?
    /// Body.
    public var b: JSONValue?
    /// Error (failed responses).
    public var e: IPCError?
    /// Request timeout in milliseconds: the caller stops waiting after it, so the handler may
    /// skip work whose answer nobody will read.
    public var t: Int?

    /// The only envelope version this build speaks.
    public static let version = 1

    /// Creates an envelope.
    public init(
        k: Kind, id: UInt64? = nil, m: String? = nil, b: JSONValue? = nil, e: IPCError? = nil, t: Int? = nil
    ) {
        self.v = Self.version
        self.k = k
        self.id = id
        self.m = m
        self.b = b
        self.e = e
        self.t = t
    }
}
