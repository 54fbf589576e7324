#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address, parsed by the C library's `inet_pton` (strict: dotted-quad IPv4 without
/// leading zeros, RFC 4291 IPv6 text) and printed in canonical form.
///
/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) become the IPv4 address, so a dual-stack listener
/// and an IPv4 proxy yield the same rate-limit key and the same trusted-proxy match for one client.
enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 address, host byte order.
    case v4(UInt32)
    /// An IPv6 address as its high and low 64 bits.
    case v6(high: UInt64, low: UInt64)

    /// Parses an address literal with nothing around it (no brackets, port or zone).
    init?(_ text: some StringProtocol) {
        let text = String(text)
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = .v4(v4.reduce(0) { $0 << 8 | UInt32($1) })
            return
        }
        var v6 = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let high = v6[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        let low = v6[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        if high == 0 && low >> 32 == 0xffff {
            self = .v4(UInt32(truncatingIfNeeded: low))
        } else {
            self = .v6(high: high, low: low)
        }
    }

    /// Parses an address as it appears in headers and socket descriptions: surrounding space,
    /// `[v6]` or `[v6]:port`, `v4:port`, and an IPv6 zone (`fe80::1%eth0`, dropped) are accepted.
    init?(lenient text: some StringProtocol) {
        var text = HeaderText.trimmed(text)
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.first == ":" && HeaderText.isDigits(rest.dropFirst())) else {
                return nil
            }
            text = text[text.index(after: text.startIndex)..<close]
        } else if text.count(where: { $0 == ":" }) == 1, let colon = text.firstIndex(of: ":") {
            guard HeaderText.isDigits(text[text.index(after: colon)...]) else { return nil }
            text = text[..<colon]
        }
        if let percent = text.firstIndex(of: "%") {
            text = text[..<percent]
        }
        self.init(text)
    }

    /// Whether this is an IPv4 address.
    var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// Canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run compressed).
    var description: String {
        switch self {
        case .v4(let value):
            return [24, 16, 8, 0].map { String(value >> $0 & 0xff) }.joined(separator: ".")
        case .v6(let high, let low):
            var bytes = [UInt8](repeating: 0, count: 16)
            for index in 0..<8 {
                bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index))
                bytes[index + 8] = UInt8(truncatingIfNeeded: low >> (56 - 8 * index))
            }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, bytes, &text, socklen_t(text.count)) != nil else {
                return "::"  // unreachable: inet_ntop only fails for a short buffer
            }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
