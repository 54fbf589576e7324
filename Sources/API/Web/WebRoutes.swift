import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves the web UI: files by path, and `index.html` for every other page path so deep links
/// and the back button work (the UI routes in the browser). Responses carry an ETag and
/// `Cache-Control: no-cache` (revalidate, then 304), and gzip when the client accepts it.
/// These routes are not API routes: they are outside the route table and the OpenAPI document.
struct WebRoutes {
    let assets: StaticAssets

    func register(on router: Router<APIContext>) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/", method: method) { request, _ in try self.respond(request) }
            router.on("**", method: method) { request, _ in try self.respond(request) }
        }
    }

    func respond(_ request: Request) throws -> Response {
        let path = request.uri.path
        if path == "/api" || path.hasPrefix("/api/") { throw APIError(.notFound, "Not found") }
        guard !assets.assets.isEmpty else {
            throw APIError(.notFound, "The web UI files were not found; set MC_PUBLIC_DIR to the Public folder")
        }
        let asset: StaticAssets.Asset
        if let file = assets[path] {
            asset = file
        } else if (path as NSString).pathExtension.isEmpty, let index = assets["/index.html"] {
            asset = index
        } else {
            throw APIError(.notFound, "Not found")
        }
        let acceptsGzip = request.headers[.acceptEncoding].map(Self.acceptsGzip) ?? false
        let useGzip = acceptsGzip && asset.gzip != nil
        let etag = useGzip ? String(asset.etag.dropLast()) + "-gz\"" : asset.etag
        var headers: HTTPFields = [
            .contentType: asset.contentType, .eTag: etag, .cacheControl: "no-cache", .vary: "Accept-Encoding",
        ]
        if let match = request.headers[.ifNoneMatch], Self.matches(match, etag) {
            return Response(status: .notModified, headers: headers)
        }
        let body = useGzip ? asset.gzip! : asset.body
        if useGzip { headers[.contentEncoding] = "gzip" }
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: request.method == .head ? ByteBuffer() : body))
    }

    /// True when `Accept-Encoding` lists gzip without `q=0`.
    static func acceptsGzip(_ header: String) -> Bool {
        header.split(separator: ",").contains { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard pieces.first == "gzip" || pieces.first == "*" else { return false }
            return !pieces.dropFirst().contains { $0 == "q=0" || $0 == "q=0.0" || $0 == "q=0.00" || $0 == "q=0.000" }
        }
    }

    /// `If-None-Match` against an ETag: `*` or any listed tag (weak prefix ignored).
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }
}
