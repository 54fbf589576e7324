import Foundation
import MCShared
import NIOCore
import NIOPosix
import Testing

@testable import MCIPC

#if canImport(Glibc)
import Glibc
#endif

/// A Unix stream socket driven with plain system calls, to play a peer that breaks the protocol.
/// Reads are non-blocking and polled, so a test never parks a cooperative thread in `read`.
final class RawSocket: Sendable {
    let fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { Glibc.close(fd) }

    /// A connected pair of sockets (`socketpair`), as plain descriptors.
    static func pair() throws -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        let result = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
        try #require(result == 0, "socketpair failed: errno \(errno)")
        return (fds[0], fds[1])
    }

    /// Connects to the socket at `path`.
    static func connect(to path: String) throws -> RawSocket {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        try #require(fd >= 0)
        var address = try Self.address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw IPCError(.unavailable, "raw connect failed: errno \(code)")
        }
        return RawSocket(fd: fd)
    }

    /// Leaves a socket file at `path` that nobody listens on, as a killed process would.
    static func makeStaleSocketFile(at path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { Glibc.close(fd) }
        var address = try Self.address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(result == 0, "bind failed: errno \(errno)")
    }

    private static func address(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    /// Writes `payload` as one frame: a 4-byte big-endian length, then the bytes.
    func writeFrame(_ payload: [UInt8]) throws {
        let length = UInt32(payload.count)
        let header: [UInt8] = [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        try write(header + payload)
    }

    /// Writes `text` as one frame.
    func writeFrame(_ text: String) throws { try writeFrame(Array(text.utf8)) }

    /// Writes all of `bytes` (small writes only: the socket buffer takes them at once).
    func write(_ bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        try #require(written == bytes.count, "write returned \(written), errno \(errno)")
    }

    /// Reads until the peer closes or `timeout` passes. `closed` is false on timeout.
    func readUntilClosed(timeout: Duration = .seconds(30)) async -> (bytes: [UInt8], closed: Bool) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                received += chunk[0..<count]
            } else if count == 0 {
                return (received, true)
            } else if errno == ECONNRESET {
                return (received, true)
            } else {
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        return (received, false)
    }
}

/// Frames a byte stream read from a socket: the payloads of its complete frames.
func framePayloads(_ bytes: [UInt8]) -> [[UInt8]] {
    var frames: [[UInt8]] = []
    var index = 0
    while index + 4 <= bytes.count {
        let length = bytes[index..<index + 4].reduce(0) { Int($0) << 8 | Int($1) }
        guard index + 4 + length <= bytes.count else { break }
        frames.append(Array(bytes[index + 4..<index + 4 + length]))
        index += 4 + length
    }
    return frames
}

/// The JSON text of a hello envelope for `hello`, as a peer would send it.
func helloFrame(_ hello: IPCHello, version: Int = IPCEnvelope.version) throws -> String {
    var envelope = IPCEnvelope(k: .hello, b: try JSONValue(encoding: hello))
    envelope.v = version
    return String(decoding: try JSONEncoder().encode(envelope), as: UTF8.self)
}

/// Wraps a connected descriptor in a running `IPCConnection` (the seam `IPCClient` uses after connecting).
func startConnection(
    fd: Int32, hello: IPCHello, handler: any IPCMessageHandler = NoMessageHandler(), options: IPCOptions = IPCOptions()
) async throws -> IPCConnection {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .withConnectedSocket(fd) { channel in
            channel.eventLoop.makeCompletedFuture { try IPCChannelSetup.configure(channel, options: options) }
        }
    let connection = IPCConnection(channel: channel, hello: hello, options: options, handler: handler)
    Task { await connection.run() }
    return connection
}
