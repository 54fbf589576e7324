import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import NIOCore
import Synchronization
import Testing

/// A local HTTP server standing in for Google's tokeninfo endpoint and GitHub's API: it
/// answers every request with what `respond` says and records what it received.
final class FakeUpstream: Sendable {
    /// A request as the fake received it.
    struct Received: Sendable {
        var method: String
        var path: String
        var query: String
        /// Header values by lowercased name.
        var headers: [String: String]
        var body: JSONValue?

        /// A query parameter.
        func query(_ name: String) -> String? {
            URLComponents(string: "http://x/?\(query)")?.queryItems?.first { $0.name == name }?.value
        }
    }

    /// What to answer: a status and a JSON body.
    typealias Responder = @Sendable (Received) -> (status: Int, body: String)

    private let received = Mutex<[Received]>([])
    private let respond: Responder

    private init(respond: @escaping Responder) { self.respond = respond }

    /// Every request so far, in order.
    var requests: [Received] { received.withLock { $0 } }

    /// Runs `body` with the fake listening on a free port; `body` gets its base URL.
    static func run(
        _ respond: @escaping Responder,
        _ body: @escaping @Sendable (_ baseURL: String, _ upstream: FakeUpstream) async throws -> Void
    ) async throws {
        let upstream = FakeUpstream(respond: respond)
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .patch, .put, .delete] {
            router.on("**", method: method) { request, _ in try await upstream.answer(request) }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)", upstream)
        }
    }

    private func answer(_ request: Request) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let received = Received(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers,
            body: bytes.readableBytes == 0 ? nil : try? JSONValue.parse(bytes.readableBytesView))
        self.received.withLock { $0.append(received) }
        let (status, body) = respond(received)
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
