import NIOCore
import NIOExtras

/// Splits the inbound byte stream into frames: a 4-byte big-endian length N, then N bytes.
///
/// It wraps swift-nio-extras' `LengthFieldBasedFrameDecoder` and adds what that decoder lacks:
/// the length is checked against `1...maximumFrameSize` as soon as the 4 header bytes are in,
/// so a hostile or corrupt length is rejected before a single byte of its payload is buffered.
public final class IPCFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// The largest accepted payload, in bytes.
    public let maximumFrameSize: Int
    private let inner = LengthFieldBasedFrameDecoder(lengthFieldBitLength: .thirtyTwoBits, lengthFieldEndianness: .big)
    /// True until the inner decoder has consumed the header of the frame being read.
    private var expectingHeader = true

    /// Creates a decoder that accepts payloads of 1 to `maximumFrameSize` bytes.
    public init(maximumFrameSize: Int) {
        self.maximumFrameSize = maximumFrameSize
    }

    public func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if expectingHeader {
            guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: UInt32.self) else {
                return .needMoreData
            }
            guard length >= 1, length <= maximumFrameSize else {
                throw IPCError(.protocol, "frame length \(length) outside 1...\(maximumFrameSize)")
            }
            expectingHeader = false
        }
        let state = try inner.decode(context: context, buffer: &buffer)
        if case .continue = state { expectingHeader = true }
        return state
    }

    public func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // A peer that closes mid-frame simply loses that frame: nothing was acknowledged for it.
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        return .needMoreData
    }
}
