import NIOCore
import NIOEmbedded
import Testing

@testable import MCIPC

/// The framing pipeline exactly as `IPCChannelSetup` installs it, driven through an async test channel.
@Suite struct IPCChannelSetupTests {
    /// A test channel configured for `maximumFrameSize`-byte frames, and its async wrapper.
    private func configured(maximumFrameSize: Int) async throws -> (
        NIOAsyncTestingChannel, NIOAsyncChannel<ByteBuffer, ByteBuffer>
    ) {
        let channel = NIOAsyncTestingChannel()
        let wrapped = try await channel.testingEventLoop.executeInContext {
            try IPCChannelSetup.configure(channel, options: IPCOptions(maximumFrameSize: maximumFrameSize))
        }
        return (channel, wrapped)
    }

    private func frame(_ text: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(text.utf8.count), endianness: .big)
        buffer.writeString(text)
        return buffer
    }

    @Test func framesInAndOut() async throws {
        let (channel, wrapped) = try await configured(maximumFrameSize: 1024)
        try await wrapped.executeThenClose { inbound, outbound in
            var frames = inbound.makeAsyncIterator()
            var two = frame("{\"a\":1}")
            two.writeImmutableBuffer(frame("[2]"))
            try await channel.writeInbound(two)
            #expect(try await frames.next().map { String(buffer: $0) } == "{\"a\":1}")
            #expect(try await frames.next().map { String(buffer: $0) } == "[2]")

            try await outbound.write(ByteBuffer(string: "pong"))
            // LengthFieldPrepender writes the header and the payload separately.
            let header = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
            let payload = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
            #expect(header.getInteger(at: header.readerIndex, endianness: .big, as: UInt32.self) == 4)
            #expect(header.readableBytes == 4)
            #expect(String(buffer: payload) == "pong")
        }
    }

    @Test func oversizedFrameEndsTheInboundStreamWithAProtocolError() async throws {
        let (channel, wrapped) = try await configured(maximumFrameSize: 1024)
        var header = ByteBuffer()
        header.writeInteger(UInt32(1025), endianness: .big)
        try await wrapped.executeThenClose { inbound, _ in
            var frames = inbound.makeAsyncIterator()
            _ = try? await channel.writeInbound(header)
            let error = await #expect(throws: IPCError.self) { _ = try await frames.next() }
            #expect(error?.code == .protocol)
            #expect(error?.message == "frame length 1025 outside 1...1024")
        }
    }
}
