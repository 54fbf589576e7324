import MCShared

/// The first frame each side sends: who it is and which protocol versions it speaks.
public struct IPCHello: Sendable, Codable, Equatable {
    /// A protocol version range.
    public struct VersionRange: Sendable, Codable, Equatable {
        public var min: Int
        public var max: Int
        public init(min: Int, max: Int) {
            self.min = min
            self.max = max
        }
    }

    /// What the peer is: `supervisor`, `child`, `cli`, `api`, `worker`.
    public var role: String
    /// For children: the child id (`api`, `webhooks`, …).
    public var name: String?
    /// The sender's process id.
    public var pid: Int32
    /// Protocol versions the sender speaks.
    public var `protocol`: VersionRange
    /// The sender's build version.
    public var build: String

    /// Protocol versions this build speaks.
    public static let supported = VersionRange(min: 1, max: 1)

    /// Creates a hello for this process.
    public init(role: String, name: String? = nil, pid: Int32, protocol: VersionRange = Self.supported, build: String) {
        self.role = role
        self.name = name
        self.pid = pid
        self.protocol = `protocol`
        self.build = build
    }

    /// The highest version both sides speak, or an error naming both ranges.
    public func negotiate(with peer: IPCHello) throws(IPCError) -> Int {
        let low = Swift.max(self.protocol.min, peer.protocol.min)
        let high = Swift.min(self.protocol.max, peer.protocol.max)
        guard low <= high else {
            throw IPCError(
                .protocol,
                "protocol mismatch: we speak \(self.protocol.min)...\(self.protocol.max), peer \(peer.role) (build \(peer.build)) speaks \(peer.protocol.min)...\(peer.protocol.max)"
            )
        }
        return high
    }
}
