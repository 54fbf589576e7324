import NIOCore

/// Splits a child's output pipe into lines for `ChildOutputLog`. A line longer than
/// `maximumLineLength` is cut into pieces rather than buffered without bound, and the pipe is
/// never closed on bad input (closing it would kill the child with SIGPIPE).
final class LineSplitter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let child: String
    let log: ChildOutputLog
    let maximumLineLength: Int
    private var partial: [UInt8] = []

    init(child: String, log: ChildOutputLog, maximumLineLength: Int = 16 * 1024) {
        self.child = child
        self.log = log
        self.maximumLineLength = maximumLineLength
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    emit()
                } else {
                    partial.append(byte)
                    if partial.count >= maximumLineLength { emit() }
                }
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !partial.isEmpty { emit() }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A read error on the pipe only means the child is gone; nothing to report.
    }

    private func emit() {
        var line = String(decoding: partial, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        partial.removeAll(keepingCapacity: true)
        log.append(child: child, line: line)
    }
}
