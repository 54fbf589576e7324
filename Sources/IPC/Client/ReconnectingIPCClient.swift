import Logging
import MCShared

/// A client that stays connected: when the server goes away (for example `mc-api` restarts)
/// it reconnects with capped, jittered backoff, says hello again and resubscribes its topics.
/// Requests made while disconnected fail at once with `unavailable` rather than queueing.
public actor ReconnectingIPCClient {
    /// Called after each successful (re)connection, once topics are resubscribed.
    public typealias ConnectedCallback = @Sendable (IPCConnection) async -> Void

    private let path: String
    private let hello: IPCHello
    private let options: IPCOptions
    private let handler: any IPCMessageHandler
    private let backoff: ExponentialBackoff
    private let logger: Logger
    private var connection: IPCConnection?
    private var topics: Set<String> = []
    private var onConnected: ConnectedCallback?
    /// How many times a connection was established.
    public private(set) var connectCount = 0

    /// Creates a client for the socket at `path`; `run()` connects.
    public init(
        path: String, hello: IPCHello, options: IPCOptions = IPCOptions(),
        handler: any IPCMessageHandler = NoMessageHandler(),
        backoff: ExponentialBackoff = ExponentialBackoff(base: .milliseconds(25), cap: .seconds(2), jitter: 0.5),
        logger: Logger
    ) {
        self.path = path
        self.hello = hello
        self.options = options
        self.handler = handler
        self.backoff = backoff
        self.logger = logger
    }

    /// Sets the callback run after every (re)connection.
    public func onConnected(_ callback: @escaping ConnectedCallback) {
        self.onConnected = callback
    }

    /// True while connected.
    public var isConnected: Bool { connection.map { !$0.isClosed } ?? false }

    /// Keeps a connection open until the task is cancelled.
    public func run() async {
        var attempt = 0
        while !Task.isCancelled {
            do {
                let connection = try await IPCClient.connect(path: path, hello: hello, options: options, handler: handler)
                attempt = 0
                self.connection = connection
                connectCount += 1
                logger.info("connected", metadata: ["mc.ipc.path": "\(path)", "mc.ipc.connects": "\(connectCount)"])
                if !topics.isEmpty {
                    do {
                        _ = try await connection.request("bus.subscribe", ["topics": .array(topics.sorted().map(JSONValue.string))])
                    } catch {
                        // Connected without our topics would silently miss events: start over.
                        logger.warning("resubscribe failed; reconnecting", metadata: ["mc.error": "\(error)"])
                        connection.close()
                        self.connection = nil
                        attempt += 1
                        try? await Task.sleep(for: backoff.delay(attempt: attempt, random: Double.random(in: 0..<1)))
                        continue
                    }
                }
                await onConnected?(connection)
                await withTaskCancellationHandler {
                    await connection.waitUntilClosed()
                } onCancel: {
                    connection.close()
                }
                self.connection = nil
                if Task.isCancelled { return }
                logger.warning("connection lost; reconnecting", metadata: ["mc.ipc.path": "\(path)"])
            } catch {
                if attempt == 0 || attempt % 20 == 0 {
                    logger.notice("cannot connect; retrying", metadata: ["mc.ipc.path": "\(path)", "mc.error": "\(error)"])
                }
            }
            attempt += 1
            let delay = backoff.delay(attempt: attempt, random: Double.random(in: 0..<1))
            try? await Task.sleep(for: delay)
        }
    }

    /// Sends a request on the current connection.
    public func request(_ method: String, _ body: JSONValue = .emptyObject, timeout: Duration = .seconds(5))
        async throws(IPCError) -> JSONValue
    {
        guard let connection, !connection.isClosed else {
            throw IPCError(.unavailable, "not connected to \(path)")
        }
        return try await connection.request(method, body, timeout: timeout)
    }

    /// Subscribes to topics now (if connected) and after every reconnection.
    public func subscribe(_ newTopics: [String]) async throws(IPCError) {
        topics.formUnion(newTopics)
        if let connection, !connection.isClosed {
            _ = try await connection.request("bus.subscribe", ["topics": .array(newTopics.map(JSONValue.string))])
        }
    }
}
