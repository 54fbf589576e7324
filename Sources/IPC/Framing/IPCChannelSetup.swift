import NIOCore
import NIOExtras

/// Installs the framing handlers on a fresh IPC channel and wraps it for async use.
enum IPCChannelSetup {
    /// Adds the length-prefix decoder and encoder and returns the async channel of frames.
    static func configure(_ channel: any Channel, options: IPCOptions) throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        // The handler's buffer cap is a backstop; the decoder itself rejects long lengths first.
        let decoder = ByteToMessageHandler(
            IPCFrameDecoder(maximumFrameSize: options.maximumFrameSize),
            maximumBufferSize: options.maximumFrameSize + 4)
        try channel.pipeline.syncOperations.addHandlers([
            decoder,
            LengthFieldPrepender(lengthFieldBitLength: .thirtyTwoBits, lengthFieldEndianness: .big),
        ])
        return try NIOAsyncChannel(
            wrappingChannelSynchronously: channel,
            configuration: .init(
                backPressureStrategy: .init(lowWatermark: 64, highWatermark: 256),
                inboundType: ByteBuffer.self, outboundType: ByteBuffer.self))
    }
}
