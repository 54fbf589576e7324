/// The headers in which a request names the host it was sent to, and which of them count.
///
/// - From a client that is not a trusted proxy only `Host` counts. The forwarding headers are
///   ignored: any client can send `X-Forwarded-Host: localhost`, and a DNS-rebinding page is
///   same-origin to the browser, so it can set such headers too.
/// - From a trusted proxy (`ClientAddressResolver.isTrustedProxy(peer:)`) the forwarding
///   headers (`X-Forwarded-Host`, `X-Original-Host`, `X-Forwarded-Server`, RFC 7239
///   `Forwarded: host=`) name the host; every value counts (a proxy that appends instead of
///   overwriting leaves the client's value on the left and its own on the right, and both must
///   pass). `Host` counts only when no forwarding header is present, because proxies often
///   rewrite it to the upstream's internal name.
///
/// Difference from the original: it collected all of these from every client and accepted the
/// request if any one matched, which let any client pass the allowlist with a forged header.
struct RequestHostHeaders: Sendable {
    /// `Host`.
    var host: String?
    /// `X-Forwarded-Host` (comma list).
    var forwardedHost: String?
    /// `X-Original-Host` (comma list).
    var originalHost: String?
    /// `X-Forwarded-Server` (comma list).
    var forwardedServer: String?
    /// `Forwarded` (RFC 7239).
    var forwarded: String?

    /// The authorities the request claims, under the rules above, in header order. An element is
    /// nil where a non-empty value is not a valid host (callers must refuse, not skip, those).
    func claimedAuthorities(fromTrustedProxy: Bool) -> [HostAuthority?] {
        if fromTrustedProxy {
            let values =
                HeaderText.list(forwardedHost) + HeaderText.list(originalHost)
                + HeaderText.list(forwardedServer) + Self.forwardedHostValues(forwarded)
            if !values.isEmpty {
                return values.map { HostAuthority($0) }
            }
        }
        guard let host, !HeaderText.trimmed(host).isEmpty else { return [] }
        return [HostAuthority(host)]
    }

    /// The `host=` parameters of an RFC 7239 `Forwarded` header, unquoted.
    static func forwardedHostValues(_ header: String?) -> [Substring] {
        HeaderText.list(header).flatMap { element in
            element.split(separator: ";").compactMap { pair -> Substring? in
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, HeaderText.asciiLowercased(HeaderText.trimmed(parts[0])) == "host" else {
                    return nil
                }
                var value = HeaderText.trimmed(parts[1])
                if value.count >= 2, value.first == "\"", value.last == "\"" {
                    value = value.dropFirst().dropLast()
                }
                return value.isEmpty ? nil : value
            }
        }
    }
}
