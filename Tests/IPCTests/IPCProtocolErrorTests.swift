import Foundation
import MCShared
import Testing

@testable import MCIPC

#if canImport(Glibc)
import Glibc
#endif

/// A peer that breaks the protocol gets its connection closed with a `protocol` error, and the
/// other side keeps working. The misbehaving peer is a raw socket writing hand-made frames.
@Suite struct IPCProtocolErrorTests {
    /// A connection on one end of a socketpair and a raw socket on the other.
    private func rawPair(handler: any IPCMessageHandler = NoMessageHandler()) async throws -> (IPCConnection, RawSocket) {
        let (mine, theirs) = try RawSocket.pair()
        let connection = try await startConnection(fd: mine, hello: testHello("api"), handler: handler)
        return (connection, RawSocket(fd: theirs))
    }

    @Test func invalidJSONBeforeHello() async throws {
        let (connection, raw) = try await rawPair()
        try raw.writeFrame("this is not json")
        let error = await ipcError { try await connection.waitUntilEstablished() }
        #expect(error?.code == .protocol)
        #expect(error?.message == "undecodable frame (16 bytes): not a valid envelope")
        let (bytes, closed) = await raw.readUntilClosed()
        #expect(closed, "the connection must be closed")
        // The connection had sent its own hello before it closed.
        let frames = framePayloads(bytes)
        #expect(frames.count == 1)
        let hello = try JSONDecoder().decode(IPCEnvelope.self, from: Data(frames.first ?? []))
        #expect(hello.k == .hello)
    }

    @Test func unknownEnvelopeVersion() async throws {
        let (connection, raw) = try await rawPair()
        try raw.writeFrame(helloFrame(testHello("worker"), version: 2))
        let error = await ipcError { try await connection.waitUntilEstablished() }
        #expect(error?.code == .protocol)
        #expect(error?.message == "unsupported envelope version 2; this build speaks 1")
        #expect(await raw.readUntilClosed().closed)
    }

    @Test func firstFrameMustBeHello() async throws {
        let (connection, raw) = try await rawPair()
        try raw.writeFrame(#"{"v":1,"k":"req","id":1,"m":"x"}"#)
        let error = await ipcError { try await connection.waitUntilEstablished() }
        #expect(error?.code == .protocol)
        #expect(error?.message == "expected hello as the first frame, got req")
    }

    @Test func invalidJSONAfterHelloReachesConnectionClosed() async throws {
        let handler = TestHandler()
        let (connection, raw) = try await rawPair(handler: handler)
        try raw.writeFrame(helloFrame(testHello("worker")))
        try await connection.waitUntilEstablished()
        #expect(connection.peer?.role == "worker")
        try raw.writeFrame("{\"v\":1,")
        #expect(await raw.readUntilClosed().closed)
        #expect(await eventually { handler.closeErrors.count == 1 })
        let error = handler.closeErrors.all.first ?? nil
        #expect(error?.code == .protocol)
        #expect(error?.message == "undecodable frame (7 bytes): not a valid envelope")
        #expect(connection.isClosed)
        let late = await ipcError { _ = try await connection.request("x") }
        #expect(late?.code == .protocol, "requests after a protocol error fail with its reason")
    }

    /// The server closes the offending connection and keeps serving everyone else.
    @Test(arguments: ["garbage", #"{"v":2,"k":"hello","b":{}}"#])
    func serverSurvivesABadPeer(_ payload: String) async throws {
        try await withServer(handler: TestHandler(respond: { _ in "pong" })) { running in
            let raw = try RawSocket.connect(to: running.path)
            try raw.writeFrame(payload)
            #expect(await raw.readUntilClosed().closed)
            let client = try await connectClient(to: running)
            #expect(try await client.request("ping") == "pong")
            #expect(running.server.connections.count == 1)
            await closeAndWait(client)
        }
    }

    @Test func oversizedFrameFromPeerClosesTheConnection() async throws {
        try await withServer(options: IPCOptions(maximumFrameSize: 1024)) { running in
            let raw = try RawSocket.connect(to: running.path)
            try raw.write([0x7F, 0xFF, 0xFF, 0xFF])  // 2 GiB announced, nothing sent
            #expect(await raw.readUntilClosed().closed)
        }
    }

    @Test func silentPeerIsClosedAfterTheHelloTimeout() async throws {
        try await withServer(options: IPCOptions(helloTimeout: .milliseconds(200))) { running in
            let raw = try RawSocket.connect(to: running.path)
            let start = ContinuousClock.now
            let (bytes, closed) = await raw.readUntilClosed(timeout: .seconds(30))
            #expect(closed)
            #expect(ContinuousClock.now - start >= .milliseconds(150))
            // At most the server's own hello (on a loaded machine the timeout can win the race
            // with that first write); never anything else.
            #expect(framePayloads(bytes).count <= 1, "only the server's hello was sent")
        }
    }

    /// Both ends of a pair whose protocol ranges do not overlap fail with an error naming both ranges.
    /// Repeated, because which side reads the other's hello first varies from run to run.
    @Test func helloMismatchFailsBothSides() async throws {
        for _ in 0..<20 {
            let (a, b) = try RawSocket.pair()
            let old = try await startConnection(fd: a, hello: testHello("worker", protocol: .init(min: 1, max: 1)))
            let new = try await startConnection(fd: b, hello: testHello("api", protocol: .init(min: 2, max: 3)))
            let oldError = await ipcError { try await old.waitUntilEstablished() }
            let newError = await ipcError { try await new.waitUntilEstablished() }
            #expect(oldError?.code == .protocol, "\(String(describing: oldError))")
            #expect(oldError?.message == "protocol mismatch: we speak 1...1, peer api (build test) speaks 2...3")
            #expect(newError?.code == .protocol, "\(String(describing: newError))")
            #expect(newError?.message == "protocol mismatch: we speak 2...3, peer worker (build test) speaks 1...1")
            if oldError?.code != .protocol || newError?.code != .protocol { break }
        }
    }

    /// Repeated like the pair test: the server may read the client's hello before it has sent its own.
    @Test func helloMismatchWithServer() async throws {
        try await withServer(hello: testHello("api", protocol: .init(min: 2, max: 3))) { running in
            for _ in 0..<20 {
                let error = await ipcError {
                    _ = try await connectClient(to: running, hello: testHello("worker", protocol: .init(min: 1, max: 1)))
                }
                #expect(error?.code == .protocol, "\(String(describing: error))")
                #expect(error?.message == "protocol mismatch: we speak 1...1, peer api (build test) speaks 2...3")
                if error?.code != .protocol { break }
            }
            #expect(running.server.connections.isEmpty)
            // A client that also speaks 2 is accepted.
            let client = try await connectClient(to: running, hello: testHello("worker", protocol: .init(min: 1, max: 2)))
            #expect(client.peer?.protocol == .init(min: 2, max: 3))
            await closeAndWait(client)
        }
    }
}
