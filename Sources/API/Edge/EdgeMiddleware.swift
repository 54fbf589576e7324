import Foundation
import HTTPTypes
import Hummingbird

/// Runs first on every request: works out the client address and whether the client used TLS
/// (trusting forwarded headers only from trusted proxies), enforces the host allowlist and the
/// Origin check on cookie-authenticated writes, and adds the security headers and a request id
/// to every response (reference §2, with the fixes listed in docs/compatibility.md).
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let settings: EdgeSettings

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let peer = context.clientAddress == "unknown" ? nil : context.clientAddress
        let trusted = settings.clientAddresses.isTrustedProxy(peer: peer)
        let headers = request.headers
        context.clientAddress = settings.clientAddresses.clientAddress(
            peer: peer, forwardedFor: headers[values: Self.forwardedFor].joined(separator: ", "))
        context.isSecure = trusted && headers[Self.forwardedProto]?.lowercased() == "https"
        let requestID = UUID().uuidString.lowercased()

        var response: Response
        if !hostAllowed(request, trusted: trusted) {
            response = Response(status: .forbidden, headers: [.contentType: "text/plain"], body: .init(byteBuffer: .init(string: "Forbidden")))
        } else if !originAllowed(request, trusted: trusted) {
            response = try APIError(.forbidden, "CSRF origin mismatch").response(from: request, context: context)
        } else {
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                response = try error.response(from: request, context: context)
            }
        }
        for (name, value) in SecurityHeaders.headers(tls: context.isSecure) {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        response.headers[Self.requestIDHeader] = requestID
        return response
    }

    private func hostAllowed(_ request: Request, trusted: Bool) -> Bool {
        guard settings.hosts.isEnforced else { return true }
        let headers = request.headers
        let candidates = HostAllowlist.candidates(
            host: headers[Self.hostField] ?? request.head.authority, forwardedHost: headers[Self.forwardedHost],
            originalHost: headers[Self.originalHost], forwardedServer: headers[Self.forwardedServer],
            forwarded: headers[Self.forwarded], fromTrustedProxy: trusted)
        return settings.hosts.isAllowed(candidates: candidates)
    }

    private func originAllowed(_ request: Request, trusted: Bool) -> Bool {
        let headers = request.headers
        let cookie = headers[.cookie] ?? ""
        let cookieAuthenticated = cookie.contains(SessionCookie.name + "=")
        let authorities = OriginCheck.requestAuthorities(
            host: headers[Self.hostField] ?? request.head.authority, forwardedHost: headers[Self.forwardedHost],
            originalHost: headers[Self.originalHost], forwardedServer: headers[Self.forwardedServer],
            forwarded: headers[Self.forwarded], fromTrustedProxy: trusted)
        return OriginCheck.isAllowed(
            method: request.method.rawValue, origin: headers[.origin], requestHosts: authorities,
            cookieAuthenticated: cookieAuthenticated)
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!
    static let originalHost = HTTPField.Name("X-Original-Host")!
    static let forwardedServer = HTTPField.Name("X-Forwarded-Server")!
    static let forwarded = HTTPField.Name("Forwarded")!
    /// `Host` as a plain field: HTTP/1 servers move it into `authority`, some clients do not.
    static let hostField = HTTPField.Name("Host")!
    static let requestIDHeader = HTTPField.Name("X-Request-Id")!
}
