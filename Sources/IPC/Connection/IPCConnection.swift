import MCShared
import NIOConcurrencyHelpers
import NIOCore

/// One IPC connection, either side: the hello exchange, requests with ids and timeouts,
/// responses in any order, events, and a bounded outbound queue drained by a single writer.
///
/// `run()` owns the socket for the connection's life; everything else (`request`, `send`,
/// `close`) may be called from any task at any time.
public final class IPCConnection: Sendable {
    /// This side's hello.
    public let localHello: IPCHello
    /// The kernel's word on who the peer is (server side; from `SO_PEERCRED`).
    public let peerCredentials: PeerCredentials?
    let options: IPCOptions
    private let asyncChannel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private let handler: any IPCMessageHandler
    private let queue: IPCOutboundQueue
    private let state = NIOLockedValueBox(State())

    /// A request sent and waiting for its response (its deadline is kept by `IPCPendingRequests`).
    private struct PendingRequest {
        var continuation: CheckedContinuation<JSONValue, any Error>
        var method: String
        var milliseconds: Int

        var timeoutError: IPCError { IPCError(.timeout, "no response to '\(method)' within \(milliseconds) ms") }
    }

    private struct State {
        var peer: IPCHello?
        var protocolVersion = 0
        var nextRequestID: UInt64 = 1
        var pending = IPCPendingRequests<PendingRequest>()
        var inflight = 0
        var finished = false
        var closeError: IPCError?
        var topics: Set<String> = []
        var establishedWaiters: [CheckedContinuation<Void, any Error>] = []
        var closedWaiters: [CheckedContinuation<Void, Never>] = []
        var userInfo: [String: String] = [:]
    }

    init(
        channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, hello: IPCHello, options: IPCOptions,
        handler: any IPCMessageHandler, peerCredentials: PeerCredentials? = nil
    ) {
        self.asyncChannel = channel
        self.localHello = hello
        self.options = options
        self.handler = handler
        self.peerCredentials = peerCredentials
        self.queue = IPCOutboundQueue(limit: options.outboundQueueLimit)
    }

    /// The peer's hello, once received.
    public var peer: IPCHello? { state.withLockedValue { $0.peer } }
    /// True once the connection has closed.
    public var isClosed: Bool { state.withLockedValue { $0.finished } }
    /// Why the connection closed, when it closed on an error.
    public var closeError: IPCError? { state.withLockedValue { $0.closeError } }
    /// Events this side dropped because the peer read too slowly.
    public var droppedEvents: Int { queue.droppedEvents }
    /// Frames waiting to be written.
    public var queueDepth: Int { queue.depth }
    /// Topics the peer subscribed to (server side).
    public var subscribedTopics: Set<String> { state.withLockedValue { $0.topics } }

    func updateTopics(_ body: (inout Set<String>) -> Void) {
        state.withLockedValue { body(&$0.topics) }
    }

    /// Small per-connection labels owned by the application (for example a child's id).
    public func setUserInfo(_ key: String, _ value: String?) {
        state.withLockedValue { $0.userInfo[key] = value }
    }

    /// A label set with `setUserInfo`.
    public func userInfo(_ key: String) -> String? {
        state.withLockedValue { $0.userInfo[key] }
    }

    // MARK: - Sending

    /// Sends a request and waits for its response, at most `timeout`.
    public func request(_ method: String, _ body: JSONValue = .emptyObject, timeout: Duration = .seconds(5))
        async throws(IPCError) -> JSONValue
    {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                self.startRequest(method, body, timeout: timeout, continuation: continuation)
            }
        } catch let error as IPCError {
            throw error
        } catch {
            throw IPCError(.internal, "\(error)")
        }
    }

    private func startRequest(
        _ method: String, _ body: JSONValue, timeout: Duration, continuation: CheckedContinuation<JSONValue, any Error>
    ) {
        let milliseconds = max(1, Int(timeout.wholeMilliseconds))
        let request = PendingRequest(continuation: continuation, method: method, milliseconds: milliseconds)
        let deadline = NIODeadline.now() + .milliseconds(Int64(milliseconds))
        let registered: Result<UInt64, IPCError> = state.withLockedValue { state in
            if state.finished { return .failure(state.closeError ?? IPCError(.unavailable, "connection closed")) }
            if state.peer == nil { return .failure(IPCError(.unavailable, "connection not established")) }
            let id = state.nextRequestID
            state.nextRequestID &+= 1
            if state.pending.add(request, id: id, deadline: deadline) { armRequestTimer(for: deadline) }
            return .success(id)
        }
        let id: UInt64
        switch registered {
        case .failure(let error):
            continuation.resume(throwing: error)
            return
        case .success(let value):
            id = value
        }
        let envelope = IPCEnvelope(k: .req, id: id, m: method, b: body, t: milliseconds)
        do {
            let frame = try encode(envelope)
            switch queue.push(frame, as: .request) {
            case .queued: break
            case .dropped: failPending(id, IPCError(.overloaded, "outbound queue full (\(queue.limit) frames)"))
            case .closed: failPending(id, IPCError(.unavailable, "connection closed"))
            }
        } catch {
            failPending(id, error)
        }
    }

    /// Sends an event. Returns false when it was dropped (queue full) or the connection is closed.
    @discardableResult
    public func send(event topic: String, _ body: JSONValue = .emptyObject) -> Bool {
        guard let frame = try? encode(IPCEnvelope(k: .evt, m: topic, b: body)) else { return false }
        return sendEncodedEvent(frame)
    }

    /// Sends an event already encoded with `encodeEvent` (a publish encodes once for everyone).
    func sendEncodedEvent(_ frame: ByteBuffer) -> Bool {
        queue.push(frame, as: .event) == .queued
    }

    /// Closes the connection; pending requests fail with `unavailable`.
    public func close() {
        asyncChannel.channel.close(promise: nil)
    }

    /// Waits until the connection has closed.
    public func waitUntilClosed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLockedValue { state in
                if state.finished { return true }
                state.closedWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Waits until the hello exchange succeeded, or throws why it failed.
    func waitUntilEstablished() async throws(IPCError) {
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let result: Result<Void, IPCError>? = state.withLockedValue { state in
                    if state.finished { return .failure(state.closeError ?? IPCError(.unavailable, "connection closed")) }
                    if state.peer != nil { return .success(()) }
                    state.establishedWaiters.append(continuation)
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
        } catch let error as IPCError {
            throw error
        } catch {
            throw IPCError(.internal, "\(error)")
        }
    }

    /// The frame payload for `envelope`; fails when it exceeds the frame size limit.
    func encode(_ envelope: IPCEnvelope) throws(IPCError) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        envelope.serialize(into: &bytes)
        guard bytes.count <= options.maximumFrameSize else {
            throw IPCError(.badRequest, "frame of \(bytes.count) bytes exceeds the \(options.maximumFrameSize)-byte limit")
        }
        var buffer = asyncChannel.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return buffer
    }

    private func failPending(_ id: UInt64, _ error: IPCError) {
        let pending = state.withLockedValue { $0.pending.remove(id) }
        pending?.continuation.resume(throwing: error)
    }

    /// Schedules the timer that enforces request deadlines (see `IPCPendingRequests`). Called
    /// under the state lock, rarely: only when `deadline` is the earliest one waiting.
    private func armRequestTimer(for deadline: NIODeadline) {
        asyncChannel.channel.eventLoop.scheduleTask(deadline: deadline) { [weak self] () -> Void in
            self?.requestTimerFired(deadline)
        }
    }

    /// Fails the requests whose deadline has passed and re-arms the timer for the next one.
    private func requestTimerFired(_ deadline: NIODeadline) {
        let expired = state.withLockedValue { state in
            let (expired, next) = state.pending.expire(timerDeadline: deadline, now: .now())
            if let next { armRequestTimer(for: next) }
            return expired
        }
        for request in expired { request.continuation.resume(throwing: request.timeoutError) }
    }

    // MARK: - Running

    /// Runs the connection until it closes: sends our hello, checks the peer's, then reads
    /// frames while a writer task drains the outbound queue.
    func run() async {
        var closeError: IPCError?
        let helloTimeout = asyncChannel.channel.eventLoop.scheduleTask(in: .nanoseconds(options.helloTimeout.wholeNanoseconds)) { [weak self] () -> Void in
            guard let self, self.peer == nil else { return }
            self.state.withLockedValue { $0.closeError = IPCError(.protocol, "no hello from peer within the hello timeout") }
            self.close()
        }
        do {
            let hello = try encode(IPCEnvelope(k: .hello, b: try JSONValue(encoding: localHello)))
            _ = queue.push(hello, as: .control)
            let channel = asyncChannel.channel
            try await asyncChannel.executeThenClose { inbound, outbound in
                async let written: Void = self.writeLoop(outbound)
                var failure: (any Error)?
                do {
                    try await withThrowingDiscardingTaskGroup { group in
                        // Once reading stops nobody will read the answers of requests in flight.
                        defer { group.cancelAll() }
                        for try await frame in inbound {
                            try await self.receive(frame, group: &group)
                        }
                    }
                } catch {
                    failure = error
                }
                // Let the writer flush what is queued (our hello, so that a peer with the wrong
                // protocol learns why), but never wait more than a second for a slow peer.
                self.queue.close()
                let flushLimit = channel.eventLoop.scheduleTask(in: .seconds(1)) { () -> Void in
                    channel.close(promise: nil)
                }
                try? await written
                flushLimit.cancel()
                if let failure { throw failure }
            }
        } catch let error as IPCError {
            closeError = error
        } catch is CancellationError {
            closeError = nil
        } catch {
            closeError = IPCError(.unavailable, "connection failed: \(error)")
        }
        helloTimeout.cancel()
        await finish(closeError)
    }

    private func writeLoop(_ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        while let frames = await queue.next() {
            try await outbound.write(contentsOf: frames)
        }
    }

    private func receive(_ frame: ByteBuffer, group: inout ThrowingDiscardingTaskGroup<any Error>) async throws {
        guard let envelope = frame.withUnsafeReadableBytes({ IPCEnvelope(frame: $0) }) else {
            throw IPCError(.protocol, "undecodable frame (\(frame.readableBytes) bytes): not a valid envelope")
        }
        guard envelope.v == IPCEnvelope.version else {
            throw IPCError(.protocol, "unsupported envelope version \(envelope.v); this build speaks \(IPCEnvelope.version)")
        }
        guard let peer = self.peer else {
            try await receiveHello(envelope)
            return
        }
        _ = peer
        switch envelope.k {
        case .hello:
            throw IPCError(.protocol, "unexpected second hello")
        case .res:
            guard let id = envelope.id else { throw IPCError(.protocol, "response without id") }
            let pending = state.withLockedValue { $0.pending.remove(id) }
            guard let pending else { return }  // answered after its timeout: the caller has moved on
            if let error = envelope.e {
                pending.continuation.resume(throwing: error)
            } else {
                pending.continuation.resume(returning: envelope.b ?? .null)
            }
        case .evt:
            guard let topic = envelope.m else { throw IPCError(.protocol, "event without topic") }
            await handler.handleEvent(IPCEvent(topic: topic, body: envelope.b ?? .null), from: self)
        case .req:
            guard let id = envelope.id, let method = envelope.m else {
                throw IPCError(.protocol, "request without id or method")
            }
            let admitted = state.withLockedValue { state in
                guard state.inflight < options.maximumInflightRequests else { return false }
                state.inflight += 1
                return true
            }
            guard admitted else {
                respond(id, .failure(IPCError(.overloaded, "more than \(options.maximumInflightRequests) requests in flight")))
                return
            }
            let timeout = Duration.milliseconds(envelope.t ?? 30_000)
            let request = IPCRequest(method: method, body: envelope.b ?? .emptyObject, deadline: .now + timeout)
            group.addTask {
                await self.handle(request, id: id)
            }
        }
    }

    private func receiveHello(_ envelope: IPCEnvelope) async throws {
        guard envelope.k == .hello, let body = envelope.b else {
            throw IPCError(.protocol, "expected hello as the first frame, got \(envelope.k.rawValue)")
        }
        let peerHello: IPCHello
        do {
            peerHello = try body.decode(as: IPCHello.self)
        } catch {
            throw IPCError(.protocol, "malformed hello: \(error)")
        }
        let version = try localHello.negotiate(with: peerHello)
        let waiters = state.withLockedValue { state in
            state.peer = peerHello
            state.protocolVersion = version
            defer { state.establishedWaiters = [] }
            return state.establishedWaiters
        }
        await handler.connectionEstablished(self)
        for waiter in waiters { waiter.resume() }
    }

    private func handle(_ request: IPCRequest, id: UInt64) async {
        defer { state.withLockedValue { $0.inflight -= 1 } }
        guard ContinuousClock.now < request.deadline else { return }  // the caller gave up already
        let result: Result<JSONValue, IPCError>
        do {
            result = .success(try await handler.handleRequest(request, from: self))
        } catch let error as IPCError {
            result = .failure(error)
        } catch {
            result = .failure(IPCError(.internal, "\(error)"))
        }
        respond(id, result)
    }

    private func respond(_ id: UInt64, _ result: Result<JSONValue, IPCError>) {
        let envelope: IPCEnvelope
        switch result {
        case .success(let body): envelope = IPCEnvelope(k: .res, id: id, b: body)
        case .failure(let error): envelope = IPCEnvelope(k: .res, id: id, e: error)
        }
        let frame: ByteBuffer
        do {
            frame = try encode(envelope)
        } catch {
            guard let fallback = try? encode(IPCEnvelope(k: .res, id: id, e: error)) else { return }
            frame = fallback
        }
        _ = queue.push(frame, as: .control)
    }

    private func finish(_ error: IPCError?) async {
        let (pending, establishedWaiters, closedWaiters, closeError) = state.withLockedValue { state in
            state.finished = true
            if state.closeError == nil { state.closeError = error }
            defer {
                state.establishedWaiters = []
                state.closedWaiters = []
            }
            return (state.pending.removeAll(), state.establishedWaiters, state.closedWaiters, state.closeError)
        }
        queue.close()
        let failure = closeError ?? IPCError(.unavailable, "connection closed")
        // A request timer still armed finds nothing left to expire when it fires.
        for request in pending { request.continuation.resume(throwing: failure) }
        for waiter in establishedWaiters { waiter.resume(throwing: failure) }
        if peer != nil { await handler.connectionClosed(self, error: closeError) }
        for waiter in closedWaiters { waiter.resume() }
    }
}

extension IPCConnection: Hashable {
    public static func == (lhs: IPCConnection, rhs: IPCConnection) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
