import Foundation
import HTTPTypes
import Hummingbird
import MCShared
import NIOConcurrencyHelpers
import NIOCore

/// `GET /api/openapi.json` (the OpenAPI 3.1 document) and `GET /api/docs` (the same rendered
/// as one HTML page, from the server: no external assets and no scripts, so it works offline
/// under the strict Content-Security-Policy).
struct DocsRoutes {
    /// The finished route table, published once every route is registered.
    let table = RouteTable()

    func register(on routes: RouteRegistry) {
        let table = self.table
        routes.add(.init(method: .get, path: "/api/openapi.json", access: .public, summary: "This API as an OpenAPI 3.1 document", tag: "Docs")) { _, _ in
            try jsonResponse(table.openAPI)
        }
        routes.add(.init(method: .get, path: "/api/docs", access: .public, summary: "API documentation page", tag: "Docs")) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: table.page)))
        }
    }
}

/// The registered routes and the documents built from them, computed once at start.
final class RouteTable: Sendable {
    private let state = NIOLockedValueBox<(openAPI: JSONValue, page: String)>((.null, ""))

    /// Builds the documents from the complete route table.
    func publish(_ routes: [RouteDescriptor]) {
        let document = OpenAPIDocument.build(routes, version: MissionControlVersion.current)
        let page = DocsPage.render(routes)
        state.withLockedValue { $0 = (document, page) }
    }

    var openAPI: JSONValue { state.withLockedValue { $0.openAPI } }
    var page: String { state.withLockedValue { $0.page } }
}

/// The documentation page.
enum DocsPage {
    static func render(_ routes: [RouteDescriptor]) -> String {
        let groups = Dictionary(grouping: routes, by: \.tag).sorted { $0.key < $1.key }
        var html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mission Control API</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body><h1>Mission Control API \(escape(MissionControlVersion.current))</h1>
            <p>Authenticate with the <code>mc-session</code> cookie (POST /api/auth/login), an <code>x-api-key</code>
            header or <code>Authorization: Bearer</code>. Errors are <code>{"error": "..."}</code>.
            Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
            """
        for (tag, routes) in groups {
            html += "<h2>\(escape(tag))</h2><table><thead><tr><th>Method</th><th>Path</th><th>Role</th><th>Query</th><th>What</th></tr></thead><tbody>"
            for route in routes.sorted(by: { ($0.path, $0.method.rawValue) < ($1.path, $1.method.rawValue) }) {
                let role: String
                switch route.access {
                case .public: role = "public"
                case .role(let minimum): role = minimum.rawValue
                }
                html += "<tr><td>\(route.method.rawValue)</td><td><code>\(escape(route.path))</code></td><td>\(role)</td>"
                html += "<td>\(escape(route.queryParameters.joined(separator: ", ")))</td><td>\(escape(route.summary))</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html + "</body></html>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
