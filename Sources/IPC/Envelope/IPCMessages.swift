import MCShared

/// A request received from the peer.
public struct IPCRequest: Sendable {
    /// The method name, e.g. `webhooks.lease`.
    public var method: String
    /// The body.
    public var body: JSONValue
    /// When the caller stops waiting.
    public var deadline: ContinuousClock.Instant
}

/// An event received from the peer.
public struct IPCEvent: Sendable, Equatable {
    /// The topic, e.g. `webhooks.due`.
    public var topic: String
    /// The body.
    public var body: JSONValue

    /// Creates an event.
    public init(topic: String, body: JSONValue) {
        self.topic = topic
        self.body = body
    }
}

/// What a connection does with the peer's requests and events. Requests run concurrently and
/// may answer out of order; events are handled in arrival order on the read loop, so a slow
/// event handler slows reading and, through the peer's bounded queue, makes the peer drop
/// events rather than block.
public protocol IPCMessageHandler: Sendable {
    /// Answers a request; throw `IPCError` for an error response.
    func handleRequest(_ request: IPCRequest, from connection: IPCConnection) async throws -> JSONValue
    /// Receives an event.
    func handleEvent(_ event: IPCEvent, from connection: IPCConnection) async
    /// Called once the hello exchange has succeeded.
    func connectionEstablished(_ connection: IPCConnection) async
    /// Called once when the connection has closed.
    func connectionClosed(_ connection: IPCConnection, error: IPCError?) async
}

extension IPCMessageHandler {
    public func handleRequest(_ request: IPCRequest, from connection: IPCConnection) async throws -> JSONValue {
        throw IPCError(.unknownMethod, "no method '\(request.method)'")
    }
    public func handleEvent(_ event: IPCEvent, from connection: IPCConnection) async {}
    public func connectionEstablished(_ connection: IPCConnection) async {}
    public func connectionClosed(_ connection: IPCConnection, error: IPCError?) async {}
}
