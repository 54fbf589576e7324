/// Who is at the other end of a Unix socket, as the kernel reports it (`SO_PEERCRED`).
public struct PeerCredentials: Sendable, Equatable {
    /// The peer's process id when it connected.
    public var pid: Int32
    /// The peer's user id.
    public var uid: UInt32
    /// The peer's group id.
    public var gid: UInt32

    /// Creates credentials.
    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }
}
