import Foundation
import Logging
import MCShared
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import MCIPC

#if canImport(Glibc)
import Glibc
#endif

/// A logger that prints nothing, so test output stays readable.
let quietLogger = Logger(label: "ipc-tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// A hello from this test process.
func testHello(_ role: String, protocol range: IPCHello.VersionRange = IPCHello.supported) -> IPCHello {
    IPCHello(role: role, pid: getpid(), protocol: range, build: "test")
}

/// A fresh directory with a short path: sockaddr_un holds only 108 bytes.
func makeSocketDirectory() throws -> String {
    var template = Array("/tmp/mcipc-XXXXXX".utf8CString)
    let path = try #require(mkdtemp(&template), "mkdtemp failed: errno \(errno)")
    return String(cString: path)
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes; returns the last answer.
func eventually(within timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}

/// Runs `body` and returns the `IPCError` it threw: nil, and a recorded issue, when it succeeded
/// or threw something else.
func ipcError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> IPCError? {
    do {
        try await body()
        Issue.record("expected an IPCError, but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as IPCError {
        return error
    } catch {
        Issue.record("expected an IPCError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A latch: `wait()` suspends until a test calls `open()`.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Values collected from handler callbacks on other tasks.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
    var count: Int { values.withLock { $0.count } }
}

/// A handler whose request behaviour is a closure; it records events and close errors.
struct TestHandler: IPCMessageHandler {
    var respond: @Sendable (IPCRequest) async throws -> JSONValue = { request in
        throw IPCError(.unknownMethod, "no method '\(request.method)'")
    }
    var beforeEvent: @Sendable (IPCEvent) async -> Void = { _ in }
    let events = Recorder<IPCEvent>()
    let closeErrors = Recorder<IPCError?>()

    func handleRequest(_ request: IPCRequest, from connection: IPCConnection) async throws -> JSONValue {
        try await respond(request)
    }

    func handleEvent(_ event: IPCEvent, from connection: IPCConnection) async {
        await beforeEvent(event)
        events.append(event)
    }

    func connectionClosed(_ connection: IPCConnection, error: IPCError?) async {
        closeErrors.append(error)
    }
}

/// An `IPCServer` bound in its own temporary directory and accepting in a background task.
struct RunningServer: Sendable {
    let server: IPCServer
    let directory: String
    let task: Task<Void, any Error>
    var path: String { server.path }

    /// Binds at `directory/api.sock` (a new directory unless given) and starts `run()`.
    static func start(
        handler: any IPCMessageHandler = NoMessageHandler(), options: IPCOptions = IPCOptions(),
        hello: IPCHello = testHello("api"), directory: String? = nil
    ) async throws -> RunningServer {
        let directory = try directory ?? makeSocketDirectory()
        let server = try await IPCServer.bind(
            path: directory + "/api.sock", hello: hello, options: options, handler: handler, logger: quietLogger)
        let task = Task { try await server.run() }
        return RunningServer(server: server, directory: directory, task: task)
    }

    /// Stops accepting, closes every connection and waits for `run()` to return.
    func stop() async {
        server.close()
        task.cancel()
        _ = await task.result
    }

    /// Stops the server and removes its directory.
    func stopAndRemove() async {
        await stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs `body` with a running server, then stops it and removes its directory, even on failure.
func withServer<T>(
    handler: any IPCMessageHandler = NoMessageHandler(), options: IPCOptions = IPCOptions(),
    hello: IPCHello = testHello("api"), _ body: (RunningServer) async throws -> T
) async throws -> T {
    let running = try await RunningServer.start(handler: handler, options: options, hello: hello)
    do {
        let result = try await body(running)
        await running.stopAndRemove()
        return result
    } catch {
        await running.stopAndRemove()
        throw error
    }
}

/// Connects a client to `running` and returns the established connection.
func connectClient(
    to running: RunningServer, handler: any IPCMessageHandler = NoMessageHandler(), options: IPCOptions = IPCOptions(),
    hello: IPCHello = testHello("worker")
) async throws -> IPCConnection {
    try await IPCClient.connect(path: running.path, hello: hello, options: options, handler: handler)
}

/// Closes `connection` and waits (bounded) until it has closed.
func closeAndWait(_ connection: IPCConnection) async {
    connection.close()
    _ = await eventually { connection.isClosed }
}
