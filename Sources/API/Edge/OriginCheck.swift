/// The CSRF origin check (mc-api.md §2.2), applied to writes (POST, PUT, PATCH, DELETE) that carry
/// a session cookie. A refused request gets 403 `{"error":"CSRF origin mismatch"}`.
///
/// A write passes when it has no `Origin` (non-browser clients; browsers send `Origin` on every
/// cross-origin write), or when `Origin` names the same host and port as one of the authorities
/// the request was sent to (`requestAuthorities(...)`, or the server's own list). A request
/// authority without a port stands for the default port of the origin's scheme (a browser omits
/// `:443` from `Host` on https), so `Host: example.com` accepts `https://example.com` and
/// `http://example.com` but not `https://example.com:8443`.
///
/// Differences from the original, deliberately:
/// - Host *and* port are compared. The original compared port-stripped hostnames, so any other
///   service on the same host (another port) could post with the user's cookie, which
///   `SameSite=Strict` does not prevent because the cookie is same-site. Behind a proxy on a
///   non-default port, the proxy must send `X-Forwarded-Host` with the port.
/// - Only cookie-authenticated writes are checked: CSRF needs a credential the browser attaches
///   by itself; an API-key header cannot be attached cross-origin without a CORS preflight. Pass
///   `cookieAuthenticated: true` whenever the request carries a session cookie, since identity
///   resolution prefers the cookie.
/// - `Origin: null` and unparsable origins are refused (the original let unparsable ones pass);
///   bracketed IPv6 origins work (quirk 28).
enum OriginCheck {
    /// The methods that are checked.
    static let checkedMethods: Set<String> = ["POST", "PUT", "PATCH", "DELETE"]

    /// Whether the request may proceed. `requestHosts` are authorities, `host[:port]` or
    /// `[v6]:port`, as from `requestAuthorities(...)`; unparsable entries are ignored.
    static func isAllowed(
        method: String, origin: String?, requestHosts: [String], cookieAuthenticated: Bool
    ) -> Bool {
        guard checkedMethods.contains(method.uppercased()), cookieAuthenticated,
            let origin
        else { return true }
        guard let parsed = WebOrigin(origin), let port = parsed.effectivePort else { return false }
        return requestHosts.contains { entry in
            guard let authority = HostAuthority(entry), authority.host == parsed.authority.host else {
                return false
            }
            return (authority.port ?? WebOrigin.defaultPort(scheme: parsed.scheme)) == port
        }
    }

    /// The authorities (with ports) a request claims, under the same header rules as the host
    /// allowlist (`RequestHostHeaders`); invalid values are left out.
    static func requestAuthorities(
        host: String?, forwardedHost: String? = nil, originalHost: String? = nil,
        forwardedServer: String? = nil, forwarded: String? = nil, fromTrustedProxy: Bool
    ) -> [String] {
        let headers = RequestHostHeaders(
            host: host, forwardedHost: forwardedHost, originalHost: originalHost,
            forwardedServer: forwardedServer, forwarded: forwarded)
        return headers.claimedAuthorities(fromTrustedProxy: fromTrustedProxy).compactMap { $0?.description }
    }
}
