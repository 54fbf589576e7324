/// A serialised web origin as browsers send it in `Origin`: `scheme://host[:port]`.
///
/// `null` (sandboxed frames, `file:` pages, some redirects) and anything with a path, query,
/// fragment or user info do not parse.
struct WebOrigin: Hashable, Sendable {
    /// The lowercased scheme.
    var scheme: String
    /// The host and explicit port.
    var authority: HostAuthority

    /// Parses an `Origin` header value; one trailing `/` is tolerated.
    init?(_ raw: some StringProtocol) {
        let text = HeaderText.trimmed(raw)
        guard let separator = text.firstRange(of: "://") else { return nil }
        let scheme = HeaderText.asciiLowercased(text[..<separator.lowerBound])
        guard let first = scheme.first, first.isLetter,
            scheme.utf8.allSatisfy({
                ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || "+-.".utf8.contains($0)
            })
        else { return nil }
        var rest = text[separator.upperBound...]
        if rest.last == "/" { rest = rest.dropLast() }
        guard !rest.contains(where: { "/?#@ \t".contains($0) }), let authority = HostAuthority(rest) else {
            return nil
        }
        self.scheme = scheme
        self.authority = authority
    }

    /// The port the origin denotes: the explicit one, else the scheme's default (80 for http,
    /// 443 for https); nil for another scheme without a port.
    var effectivePort: Int? {
        authority.port ?? Self.defaultPort(scheme: scheme)
    }

    /// 80 for `http`, 443 for `https`, nil otherwise.
    static func defaultPort(scheme: String) -> Int? {
        switch scheme {
        case "http": 80
        case "https": 443
        default: nil
        }
    }
}
