import CLinux
import Logging
import MCShared
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// A Unix socket server for IPC: accepts connections from processes of the same user only
/// (checked with `SO_PEERCRED`), runs each connection, and fans events out to subscribers.
///
/// Subscriptions are built in: a peer calls `bus.subscribe {"topics":[...]}` and
/// `bus.unsubscribe`; every other request goes to the handler.
public final class IPCServer: Sendable {
    /// Path of the socket file.
    public let path: String
    private let serverChannel: NIOAsyncChannel<IPCConnection?, Never>
    private let registry: ConnectionRegistry
    private let logger: Logger

    /// Binds the socket (removing a stale file first, mode 0600) so that readiness can be
    /// reported only once clients can connect. Call `run()` to accept connections.
    public static func bind(
        path: String, hello: IPCHello, options: IPCOptions = IPCOptions(), handler: any IPCMessageHandler,
        logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(IPCError) -> IPCServer {
        try SocketFile.prepareForBind(path)
        let registry = ConnectionRegistry(handler: handler)
        let ownUID = getuid()
        let serverLogger = logger
        let channel: NIOAsyncChannel<IPCConnection?, Never>
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .bind(unixDomainSocketPath: path) { child in
                    Self.initializeChild(
                        child, ownUID: ownUID, hello: hello, options: options, registry: registry, logger: serverLogger)
                }
        } catch {
            throw IPCError(.unavailable, "cannot listen on \(path): \(error)")
        }
        try SocketFile.restrictToOwner(path)
        return IPCServer(path: path, channel: channel, registry: registry, logger: logger)
    }

    private init(
        path: String, channel: NIOAsyncChannel<IPCConnection?, Never>, registry: ConnectionRegistry, logger: Logger
    ) {
        self.path = path
        self.serverChannel = channel
        self.registry = registry
        self.logger = logger
    }

    private static func initializeChild(
        _ child: any Channel, ownUID: uid_t, hello: IPCHello, options: IPCOptions, registry: ConnectionRegistry,
        logger: Logger
    ) -> EventLoopFuture<IPCConnection?> {
        guard let provider = child as? any SocketOptionProvider else {
            return child.eventLoop.makeSucceededFuture(nil)
        }
        let credentials: EventLoopFuture<mc_ucred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(mc_so_peercred()))
        return credentials.flatMapThrowing { cred -> IPCConnection? in
            let peer = PeerCredentials(pid: cred.pid, uid: cred.uid, gid: cred.gid)
            // root may connect too: it can reach the socket anyway, and admins run `sudo mcsup status`.
            guard peer.uid == ownUID || peer.uid == 0 else {
                logger.warning(
                    "refused IPC connection from another user",
                    metadata: ["mc.peer.uid": "\(peer.uid)", "mc.peer.pid": "\(peer.pid)"])
                child.close(promise: nil)
                return nil
            }
            let asyncChannel = try IPCChannelSetup.configure(child, options: options)
            return IPCConnection(
                channel: asyncChannel, hello: hello, options: options, handler: registry, peerCredentials: peer)
        }
    }

    /// Accepts and runs connections until the task is cancelled or `close()` is called.
    public func run() async throws {
        try await serverChannel.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    guard let connection else { continue }
                    let logger = self.logger
                    group.addTask {
                        await connection.run()
                        // A peer that failed before its hello never reached the handler: say why here.
                        if connection.peer == nil, let error = connection.closeError {
                            logger.warning(
                                "IPC connection refused before hello",
                                metadata: ["mc.ipc.path": "\(self.path)", "mc.peer.pid": "\(connection.peerCredentials?.pid ?? 0)", "mc.error": "\(error)"])
                        }
                    }
                }
            }
        }
    }

    /// Stops listening and closes every connection.
    public func close() {
        serverChannel.channel.close(promise: nil)
        for connection in registry.all { connection.close() }
    }

    /// Established connections.
    public var connections: [IPCConnection] { registry.all }

    /// Sends an event to every connection subscribed to `topic`, encoded once. Returns how many
    /// got it and how many dropped it because their queue was full.
    @discardableResult
    public func publish(_ topic: String, _ body: JSONValue = .emptyObject) -> (delivered: Int, dropped: Int) {
        let subscribers = registry.all.filter { $0.subscribedTopics.contains(topic) }
        guard let first = subscribers.first, let frame = try? first.encode(IPCEnvelope(k: .evt, m: topic, b: body))
        else { return (0, 0) }
        var delivered = 0
        for connection in subscribers where connection.sendEncodedEvent(frame) { delivered += 1 }
        return (delivered, subscribers.count - delivered)
    }
}

/// Tracks established connections and handles the built-in subscription methods before
/// passing everything else to the application's handler.
final class ConnectionRegistry: IPCMessageHandler {
    private let handler: any IPCMessageHandler
    private let connections = NIOLockedValueBox<Set<IPCConnection>>([])

    init(handler: any IPCMessageHandler) {
        self.handler = handler
    }

    var all: [IPCConnection] { Array(connections.withLockedValue { $0 }) }

    func handleRequest(_ request: IPCRequest, from connection: IPCConnection) async throws -> JSONValue {
        switch request.method {
        case "bus.subscribe", "bus.unsubscribe":
            guard let topics = request.body["topics"]?.arrayValue?.compactMap(\.stringValue), !topics.isEmpty else {
                throw IPCError(.badRequest, "\(request.method) needs {\"topics\": [\"name\", ...]}")
            }
            let subscribe = request.method == "bus.subscribe"
            connection.updateTopics { set in
                if subscribe { set.formUnion(topics) } else { set.subtract(topics) }
            }
            return ["topics": .array(connection.subscribedTopics.sorted().map(JSONValue.string))]
        default:
            return try await handler.handleRequest(request, from: connection)
        }
    }

    func handleEvent(_ event: IPCEvent, from connection: IPCConnection) async {
        await handler.handleEvent(event, from: connection)
    }

    func connectionEstablished(_ connection: IPCConnection) async {
        _ = connections.withLockedValue { $0.insert(connection) }
        await handler.connectionEstablished(connection)
    }

    func connectionClosed(_ connection: IPCConnection, error: IPCError?) async {
        _ = connections.withLockedValue { $0.remove(connection) }
        await handler.connectionClosed(connection, error: error)
    }
}
