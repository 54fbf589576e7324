/// A host and optional port from a `Host`-like header or an origin, normalised as mc-api.md §2.1
/// describes: trimmed, `[]` removed, port split off, one trailing dot stripped, ASCII-lowercased.
///
/// Stricter than the original, deliberately: a value that is not a valid host does not parse
/// (the caller then refuses rather than ignores it). Valid hosts are IP literals (IPv6 only in
/// brackets when a port may follow, printed canonically) and names of letters, digits, `-`, `_`
/// and non-empty dot-separated labels. The original's normaliser turned `[::1]:3000` into an
/// empty host (quirk 28); here it is `::1` port 3000.
struct HostAuthority: Hashable, Sendable, CustomStringConvertible {
    /// The normalised host, without brackets.
    var host: String
    /// The port, if one was given.
    var port: Int?

    /// Parses `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 literal.
    init?(_ raw: some StringProtocol) {
        let text = HeaderText.trimmed(raw)
        var portPart: Substring = ""
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let inside = text[text.index(after: text.startIndex)..<close]
            guard inside.contains(":"), let address = IPAddress(inside) else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || rest.first == ":" else { return nil }
            host = address.description
            portPart = rest.dropFirst()
        } else if text.count(where: { $0 == ":" }) > 1 {
            guard let address = IPAddress(text) else { return nil }
            host = address.description
        } else {
            var name = text
            if let colon = text.firstIndex(of: ":") {
                name = text[..<colon]
                portPart = text[text.index(after: colon)...]
            }
            if name.last == "." { name = name.dropLast() }
            let lowered = HeaderText.asciiLowercased(name)
            guard Self.isValidName(lowered) else { return nil }
            host = lowered
        }
        if portPart.isEmpty {
            port = nil
        } else {
            guard HeaderText.isDigits(portPart), portPart.count <= 5, let value = Int(portPart), value <= 65_535
            else { return nil }
            port = value
        }
    }

    /// `host`, `host:port`, or `[v6]:port`.
    var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(shownHost):\($0)" } ?? shownHost
    }

    /// Letters, digits, `-` and `_` in non-empty labels separated by single dots.
    private static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty
                && label.utf8.allSatisfy { byte in
                    (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2d || byte == 0x5f
                }
        }
    }
}
