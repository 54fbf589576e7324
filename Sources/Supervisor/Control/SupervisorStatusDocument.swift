/// What `mcsup status --json` prints and the control socket's `sup.status` returns.
struct SupervisorStatusDocument: Codable, Sendable, Equatable {
    /// The supervisor itself.
    struct Supervisor: Codable, Sendable, Equatable {
        var pid: Int32
        var version: String
        var uptimeMs: Int64
        /// `running` or `stopping`.
        var state: String
        /// The one-line summary also sent to systemd as `STATUS=`.
        var summary: String
        var rssBytes: Int64?
        var url: String
    }

    /// How a child last ended.
    struct LastExit: Codable, Sendable, Equatable {
        var code: Int32?
        var signal: Int32?
        var reason: String
        var agoMs: Int64
    }

    /// One child.
    struct Child: Codable, Sendable, Equatable {
        var id: String
        var state: String
        var restart: String
        var pid: Int32?
        var uptimeMs: Int64?
        var restartsTotal: Int
        var restartsInWindow: Int
        var lastExit: LastExit?
        var rssBytes: Int64?
        var heartbeatAgeMs: Int64?
        var nextRestartInMs: Int64?
    }

    var supervisor: Supervisor
    var children: [Child]

    /// True when every child is running.
    var allRunning: Bool { children.allSatisfy { $0.state == "running" } }
}
