import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A local webhook receiver on 127.0.0.1 and a free port. The path picks the behaviour:
/// `/ok` answers 200 "ok", `/fail` 500, `/hang` does not answer until the test is over, `/redirect` 302 to `/ok`,
/// `/slow` answers 200 after 50 ms, `/big/<n>` 200 with n bytes. Every request is recorded.
final class WebhookReceiver: Sendable {
    /// A request as received.
    struct Received: Sendable {
        var path: String
        /// Header values by lowercased name.
        var headers: [String: String]
        var body: [UInt8]
    }

    private let received = Mutex<[Received]>([])
    /// Set when the test is over, so hanging requests end and the server can shut down.
    private let released = Mutex(false)

    /// Every request so far, in arrival order.
    var requests: [Received] { received.withLock { $0 } }

    /// Requests to `path`.
    func requests(to path: String) -> [Received] { requests.filter { $0.path == path } }

    /// Runs `body` with the receiver listening; `body` gets the port.
    static func run(_ body: @escaping @Sendable (_ port: Int, _ receiver: WebhookReceiver) async throws -> Void)
        async throws
    {
        let receiver = WebhookReceiver()
        let router = Router()
        router.on("**", method: .post) { request, _ in try await receiver.answer(request) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            do {
                try await body(port, receiver)
            } catch {
                receiver.released.withLock { $0 = true }
                throw error
            }
            receiver.released.withLock { $0 = true }
        }
    }

    private func answer(_ request: Request) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        if let authority = request.head.authority { headers["host"] = authority }
        let path = request.uri.path
        received.withLock { $0.append(Received(path: path, headers: headers, body: Array(bytes.readableBytesView))) }
        switch path {
        case "/fail":
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "boom")))
        case "/hang":
            while !released.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
            return Response(status: .ok)
        case "/redirect":
            return Response(status: .found, headers: [.location: "/ok"])
        case "/slow":
            try await Task.sleep(for: .milliseconds(50))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        default:
            if path.hasPrefix("/big/"), let size = Int(path.dropFirst(5)) {
                return Response(
                    status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: size)))
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
    }
}
