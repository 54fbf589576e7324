/// The headers every response carries (mc-api.md §0), minus the per-request `X-Request-Id`.
///
/// Differences from the original's policy (§2.5), deliberately: the web UI is static files with
/// no inline script or style, so the CSP needs no nonce, no `'strict-dynamic'`, no
/// `'unsafe-inline'`, no `blob:`, and no third-party or `ws:`/`localhost:*` sources (the UI talks
/// only to its own origin; CSP3 `'self'` covers same-origin WebSocket). Added: HSTS when the
/// server itself terminates TLS, and `Cross-Origin-Opener-Policy`.
enum SecurityHeaders {
    /// The Content-Security-Policy value.
    static let contentSecurityPolicy = [
        "default-src 'self'", "base-uri 'self'", "object-src 'none'", "frame-ancestors 'none'",
        "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "form-action 'self'",
    ].joined(separator: "; ")

    /// The Strict-Transport-Security value: one year, subdomains included, no preload (preload is
    /// a decision for the domain's owner, not for this server).
    static let strictTransportSecurity = "max-age=31536000; includeSubDomains"

    /// The headers for a response; `tls` adds HSTS (only meaningful over https, and harmful to
    /// send from a plain-http listener that a proxy may not front).
    static func headers(tls: Bool) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            (name: "X-Content-Type-Options", value: "nosniff"),
            (name: "X-Frame-Options", value: "DENY"),
            (name: "Referrer-Policy", value: "strict-origin-when-cross-origin"),
            (name: "Content-Security-Policy", value: contentSecurityPolicy),
            (name: "Cross-Origin-Opener-Policy", value: "same-origin"),
        ]
        if tls {
            headers.append((name: "Strict-Transport-Security", value: strictTransportSecurity))
        }
        return headers
    }
}
