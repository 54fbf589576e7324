import MCShared
import NIOCore
import NIOPosix

/// Opens IPC connections to a Unix socket.
public enum IPCClient {
    /// Connects to `path`, exchanges hellos and returns the established connection, which runs
    /// until it or the peer closes it. Fails with `unavailable` when nobody listens and with
    /// `protocol` when the hello exchange fails.
    public static func connect(
        path: String, hello: IPCHello, options: IPCOptions = IPCOptions(),
        handler: any IPCMessageHandler = NoMessageHandler(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(IPCError) -> IPCConnection {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(2))
                .connect(unixDomainSocketPath: path) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try IPCChannelSetup.configure(channel, options: options)
                    }
                }
        } catch {
            throw IPCError(.unavailable, "cannot connect to \(path): \(Self.describe(error))")
        }
        let connection = IPCConnection(channel: channel, hello: hello, options: options, handler: handler)
        // The connection's life is not tied to the caller's task: it ends when either side
        // closes it, and `waitUntilClosed()` observes that.
        Task { await connection.run() }
        try await connection.waitUntilEstablished()
        return connection
    }

    static func describe(_ error: any Error) -> String {
        if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case 2: return "no such socket (is the process running?)"
            case 111: return "connection refused (stale socket; is the process running?)"
            case 13: return "permission denied"
            default: return "\(ioError)"
            }
        }
        return "\(error)"
    }
}

/// A handler that answers every request with `unknown_method` and ignores events.
public struct NoMessageHandler: IPCMessageHandler {
    public init() {}
}
