import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One webhook request as a receiver saw it: when its body ended and what it carried. The body
/// is kept raw and parsed after the run, so JSON parsing does not compete for the CPU with the
/// deliverer while it is being measured.
struct WebhookReceipt: Sendable {
    var received: ContinuousClock.Instant
    var deliveryID: String?
    var body: [UInt8]

    /// The event's id: the body's `data.id` (the task id), else the `webhook-id` header.
    var eventID: String? {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let data = object["data"] as? [String: Any], let id = BenchJSON.idString(data["id"])
        {
            return id
        }
        return deliveryID
    }
}

/// The receipts of one receiver, appended from its event loop and read by the benchmark.
final class WebhookReceiptLog: Sendable {
    private let receipts = Mutex<[WebhookReceipt]>([])

    func append(_ receipt: WebhookReceipt) { receipts.withLock { $0.append(receipt) } }
    var count: Int { receipts.withLock { $0.count } }
    var all: [WebhookReceipt] { receipts.withLock { $0 } }
}

/// A local HTTP server on 127.0.0.1 that plays a webhook receiver: healthy ones answer 200 at
/// once and record every request; a dead one accepts connections and never answers.
struct WebhookReceiver: Sendable {
    let channel: any Channel
    let log: WebhookReceiptLog
    var port: Int { channel.localAddress?.port ?? 0 }
    var url: String { "http://127.0.0.1:\(port)/hook" }

    static func start(healthy: Bool) async throws -> WebhookReceiver {
        let log = WebhookReceiptLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // A dead receiver has no handlers: the bytes it reads are dropped and the
                    // connection stays open until the deliverer's own timeout gives up.
                    guard healthy else { return }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ReceiverHandler(log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return WebhookReceiver(channel: channel, log: log)
    }

    func stop() async {
        try? await channel.close()
    }
}

/// Records each request and answers `200` with an empty body at once.
private final class ReceiverHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: WebhookReceiptLog
    private var body: [UInt8] = []
    private var deliveryID: String?

    init(log: WebhookReceiptLog) { self.log = log }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            body.removeAll(keepingCapacity: true)
            deliveryID = head.headers.first(name: "webhook-id")
        case .body(let chunk):
            body.append(contentsOf: chunk.readableBytesView)
        case .end:
            log.append(WebhookReceipt(received: .now, deliveryID: deliveryID, body: body))
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: "0")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

/// Small helpers for the loosely typed JSON the benchmark reads.
enum BenchJSON {
    /// An id as text, whether the JSON carried a number or a string.
    static func idString(_ value: Any?) -> String? {
        if let number = value as? Int { return String(number) }
        if let text = value as? String { return text }
        return nil
    }
}
