import AsyncHTTPClient
import Foundation
import MCShared
import NIOCore
import NIOHTTP1

/// The API process's outbound HTTP (Google token checks, GitHub): one shared client, created on
/// first use, that follows no redirects (a redirect could carry a bearer token to another
/// host), gives up after 10 s, and reads at most 1 MiB of any answer.
enum OutboundHTTP {
    /// Connect and read timeout, and the deadline of a whole request.
    static let timeout: TimeAmount = .seconds(10)
    /// Largest response body read.
    static let maximumBodySize = 1 << 20

    /// The one client. A `static let` is initialised lazily and exactly once; it lives as long
    /// as the process, so it is never shut down (and never deinitialised unshut).
    private static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: timeout, read: timeout)))

    /// An answer: the status code and the body (parsed when it is JSON).
    struct Response: Sendable {
        var status: Int
        var json: JSONValue?
        var isSuccess: Bool { (200..<300).contains(status) }
    }

    /// Why a request got no answer.
    struct Failure: Error, Sendable {
        var reason: String
    }

    /// Sends a request with an optional JSON body; throws `Failure` when there is no answer
    /// (unreachable, timed out, answer too large).
    static func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], json body: JSONValue? = nil
    ) async throws(Failure) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.jsonBytes))
        }
        do {
            let response = try await client.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: maximumBodySize)
            return Response(status: Int(response.status.code), json: try? JSONValue.parse(bytes.readableBytesView))
        } catch is NIOTooManyBytesError {
            throw Failure(reason: "answer larger than \(maximumBodySize) bytes")
        } catch {
            throw Failure(reason: String(describing: error))
        }
    }

    /// `text` percent-escaped for a URL path segment or query value: everything but RFC 3986
    /// unreserved characters.
    static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// RFC 3986 unreserved characters (ASCII only, unlike `CharacterSet.alphanumerics`).
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
