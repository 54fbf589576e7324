import NIOCore
import NIOEmbedded
import Testing

@testable import MCIPC

/// The length-prefix decoder, fed byte streams through an `EmbeddedChannel`.
@Suite struct IPCFrameDecoderTests {
    /// A channel whose only handler is the decoder under test.
    private func makeChannel(maximumFrameSize: Int = 16) -> EmbeddedChannel {
        EmbeddedChannel(handler: ByteToMessageHandler(IPCFrameDecoder(maximumFrameSize: maximumFrameSize)))
    }

    /// The 4-byte big-endian header for `length`.
    private func header(_ length: UInt32) -> [UInt8] {
        [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
    }

    /// Header and payload of one frame carrying `text`.
    private func frame(_ text: String) -> [UInt8] {
        header(UInt32(text.utf8.count)) + Array(text.utf8)
    }

    private func send(_ channel: EmbeddedChannel, _ bytes: [UInt8]) throws {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
    }

    private func readFrames(_ channel: EmbeddedChannel) throws -> [String] {
        var frames: [String] = []
        while let buffer = try channel.readInbound(as: ByteBuffer.self) { frames.append(String(buffer: buffer)) }
        return frames
    }

    /// The `IPCError` that sending `bytes` raises.
    private func rejection(_ channel: EmbeddedChannel, _ bytes: [UInt8]) -> IPCError? {
        #expect(throws: IPCError.self) { try send(channel, bytes) }
    }

    @Test func frameSplitAcrossReads() throws {
        let channel = makeChannel()
        let bytes = frame("hello")
        try send(channel, Array(bytes[0..<2]))
        try send(channel, Array(bytes[2..<6]))
        #expect(try readFrames(channel) == [])
        try send(channel, Array(bytes[6...]))
        #expect(try readFrames(channel) == ["hello"])
        #expect(try channel.finish().isClean)
    }

    @Test func frameFedByteByByte() throws {
        let channel = makeChannel()
        let bytes = frame("{\"k\":1}") + frame("x")
        for byte in bytes {
            try send(channel, [byte])
        }
        #expect(try readFrames(channel) == ["{\"k\":1}", "x"])
    }

    @Test func severalFramesInOneRead() throws {
        let channel = makeChannel()
        let partial = frame("ghij")
        try send(channel, frame("a") + frame("bc") + frame("def") + Array(partial[0..<5]))
        #expect(try readFrames(channel) == ["a", "bc", "def"])
        try send(channel, Array(partial[5...]))
        #expect(try readFrames(channel) == ["ghij"])
    }

    @Test func zeroLengthIsAProtocolError() {
        let error = rejection(makeChannel(), header(0))
        #expect(error?.code == .protocol)
        #expect(error?.message == "frame length 0 outside 1...16")
    }

    /// Only the header is sent: the error must come before any payload byte exists.
    @Test(arguments: [17, 1 << 20, UInt32.max])
    func oversizedLengthFailsOnTheHeaderAlone(_ length: UInt32) {
        let error = rejection(makeChannel(), header(length))
        #expect(error?.code == .protocol)
        #expect(error?.message == "frame length \(length) outside 1...16")
    }

    @Test func oversizedHeaderSplitAcrossReads() throws {
        let channel = makeChannel()
        try send(channel, [0, 0])
        try send(channel, [0])
        #expect(rejection(channel, [17])?.code == .protocol)
    }

    @Test func exactlyTheLimitIsAccepted() throws {
        let channel = makeChannel()
        let payload = String(repeating: "x", count: 16)
        try send(channel, frame(payload))
        #expect(try readFrames(channel) == [payload])
        #expect(rejection(makeChannel(), frame(payload + "x"))?.message == "frame length 17 outside 1...16")
    }

    @Test func lengthIsCheckedAgainForEveryFrame() throws {
        let channel = makeChannel()
        try send(channel, frame("ok") + frame(String(repeating: "y", count: 16)))
        #expect(try readFrames(channel).count == 2)
        #expect(rejection(channel, header(100))?.message == "frame length 100 outside 1...16")
    }

    @Test func peerClosingMidFrameLosesOnlyThatFrame() throws {
        let channel = makeChannel()
        try send(channel, frame("done") + Array(frame("partial")[0..<6]))
        #expect(try readFrames(channel) == ["done"])
        _ = try channel.finish()
        #expect(try readFrames(channel) == [])
    }
}
