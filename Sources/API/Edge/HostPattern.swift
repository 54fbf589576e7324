/// One entry of `MC_ALLOWED_HOSTS`: an exact host, `*.example.com` (subdomains only, not the apex)
/// or `100.*` (an address prefix).
///
/// Difference from the original, deliberately: a prefix pattern matches IP-address literals
/// only. In the original `100.*` also matched the name `100.attacker.example`, which a
/// DNS-rebinding attacker can point at this server, defeating the allowlist it was meant to be
/// part of (prefix patterns exist for address ranges such as Tailscale's 100.64.0.0/10).
enum HostPattern: Hashable, Sendable {
    /// The host must equal this (normalised like a request host).
    case exact(String)
    /// The host must end with this suffix, which starts with a dot (`.example.com`).
    case subdomain(suffix: String)
    /// The host must be an IP literal starting with this text (`100.`).
    case addressPrefix(String)

    /// Parses one list entry; nil for a blank one. Entries are trimmed, lowercased and lose a
    /// trailing dot; an exact entry is normalised like a request host (port and brackets
    /// dropped). An entry that is no valid host (a lone `*`, say) is kept and matches nothing.
    init?(_ raw: some StringProtocol) {
        var text = Substring(HeaderText.asciiLowercased(HeaderText.trimmed(raw)))
        if text.last == "." { text = text.dropLast() }
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("*."), text.count > 2 {
            self = .subdomain(suffix: String(text.dropFirst()))
        } else if text.hasSuffix(".*"), text.count > 2 {
            self = .addressPrefix(String(text.dropLast()))
        } else {
            self = .exact(HostAuthority(text)?.host ?? String(text))
        }
    }

    /// Whether a normalised request host (`HostAuthority.host`) matches.
    func matches(_ host: String) -> Bool {
        switch self {
        case .exact(let expected):
            return host == expected
        case .subdomain(let suffix):
            return host.count > suffix.count && host.hasSuffix(suffix)
        case .addressPrefix(let prefix):
            return IPAddress(host) != nil && host.hasPrefix(prefix)
        }
    }
}
