import Foundation

/// A webhook URL that passed the static part of the SSRF guard: http(s), no user info, a host,
/// a port in 1…65535, and a host that is not a refused name or address.
public struct WebhookTarget: Sendable, Hashable {
    /// `http` or `https`.
    public let scheme: String
    /// The host, lowercased, without IPv6 brackets, zone or trailing dot; for a numeric IPv4
    /// host in another spelling (`0x7f.1`), the dotted quad it stands for.
    public let host: String
    /// The explicit port, or 80/443 by scheme.
    public let port: Int
    /// The address when the host is a literal (in any spelling); nil for a name.
    public let literalAddress: WebhookIPAddress?
    /// The URL as given.
    public let url: String

    /// Whether the connection uses TLS.
    public var isTLS: Bool { scheme == "https" }

    /// The `Host` header value: the host (IPv6 in brackets), with the port when it is not the
    /// scheme's default. The deliverer sends this while connecting to the checked address.
    public var hostHeader: String {
        var name = host
        if case .v6 = literalAddress { name = "[\(host)]" }
        return port == (isTLS ? 443 : 80) ? name : "\(name):\(port)"
    }

    init(scheme: String, host: String, port: Int, literalAddress: WebhookIPAddress?, url: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.literalAddress = literalAddress
        self.url = url
    }
}

/// A target whose every resolved address passed the guard.
public struct WebhookResolvedTarget: Sendable, Hashable {
    /// The statically checked target.
    public let target: WebhookTarget
    /// Every address the host resolved to (the literal alone for an address host), all checked.
    public let addresses: [WebhookIPAddress]

    /// The address to connect to: the first checked one. Connecting to exactly this address,
    /// rather than resolving the name again, closes the gap where DNS answers differently the
    /// second time (DNS rebinding).
    public var address: WebhookIPAddress { addresses[0] }
}

/// The parts of a URL the guard looks at, read with Foundation's RFC 3986 parser (the same one
/// async-http-client uses, so both see the same host).
struct WebhookURLParts {
    var scheme: String?
    var hasUserInfo: Bool
    var host: String?
    var port: Int?

    init?(_ url: String) {
        guard let components = URLComponents(string: url) else { return nil }
        scheme = components.scheme?.lowercased()
        hasUserInfo = components.percentEncodedUser != nil || components.percentEncodedPassword != nil
        host = components.host
        port = components.port
    }

    /// The host as the guard compares it: lowercased, IPv6 brackets, zone and one trailing dot
    /// removed (`LOCALHOST.` is `localhost`).
    static func normalize(host: String) -> String {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if let zone = host.firstIndex(of: "%"), host.contains(":") { host = String(host[..<zone]) }
        if host.hasSuffix("."), host.count > 1 { host.removeLast() }
        return host
    }
}
