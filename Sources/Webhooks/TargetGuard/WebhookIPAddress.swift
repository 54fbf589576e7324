#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address: what the SSRF guard classifies and the deliverer connects to.
public enum WebhookIPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, most significant byte first (127.0.0.1 is `0x7F00_0001`).
    case v4(UInt32)
    /// An IPv6 address's 16 bytes in network order.
    case v6([UInt8])

    /// Parses a dotted-quad IPv4 address or an IPv6 address (no brackets; a `%zone` suffix is
    /// ignored). Only the canonical IPv4 form: use `parseIPv4Numeric` for the other spellings.
    public init?(_ text: String) {
        if let value = Self.parseIPv4Canonical(text) {
            self = .v4(value)
        } else if let bytes = Self.parseIPv6(text) {
            self = .v6(bytes)
        } else {
            return nil
        }
    }

    /// The canonical text: dotted quad, or RFC 5952 IPv6 (`::ffff:10.0.0.1` for mapped ones).
    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
        case .v6(var bytes):
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &bytes, &text, socklen_t(text.count)) != nil else { return "?" }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Parses a host the way `inet_aton` (and browsers' URL parsers) read numbers: one to four
    /// parts separated by dots, each decimal, `0x` hex or `0`-prefixed octal, the last part
    /// filling the remaining bytes. So `2130706433`, `0x7f.1`, `0177.0.0.1` and `127.1` are all
    /// 127.0.0.1. Nil when the text is not such a number or a part is out of range.
    public static func parseIPv4Numeric(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var values: [UInt64] = []
        for part in parts {
            guard let value = parseNumber(part) else { return nil }
            values.append(value)
        }
        var address: UInt64 = 0
        for (index, value) in values.enumerated() {
            let isLast = index == values.count - 1
            // Every part but the last is one byte; the last fills the bytes that remain.
            let bytes = isLast ? UInt64(5 - values.count) : 1
            guard value < (UInt64(1) << (8 * bytes)) else { return nil }
            address = isLast ? (address << (8 * bytes)) | value : (address << 8) | value
        }
        return UInt32(address)
    }

    /// Whether `text` ends in a number (its last dot-separated part is decimal digits or `0x`
    /// hex), so it must be read as an IPv4 address and not looked up as a name: the URL
    /// standard's "ends in a number" rule.
    public static func endsInNumber(_ text: String) -> Bool {
        guard let last = text.split(separator: ".", omittingEmptySubsequences: false).last, !last.isEmpty else {
            return false
        }
        if last.allSatisfy(\.isASCIIDigit) { return true }
        let lower = last.lowercased()
        return lower.hasPrefix("0x") && lower.dropFirst(2).allSatisfy(\.isHexDigit)
    }

    /// One part of a numeric host; nil for anything else. Values above 2^32 are cut short so
    /// a long run of digits cannot overflow.
    private static func parseNumber(_ part: Substring) -> UInt64? {
        var digits = part
        var radix: UInt64 = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            radix = 16
            digits = digits.dropFirst(2)
            if digits.isEmpty { return 0 }  // inet_aton and the URL standard both read "0x" as 0
        } else if digits.count > 1, digits.hasPrefix("0") {
            radix = 8
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for character in digits {
            guard let digit = character.hexDigitValue, UInt64(digit) < radix else { return nil }
            value = value * radix + UInt64(digit)
            if value > UInt64(UInt32.max) { return UInt64(UInt32.max) + 1 }
        }
        return value
    }

    /// Strict `a.b.c.d`, each part 0…255 in decimal without leading zeros.
    private static func parseIPv4Canonical(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var address: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let byte = UInt8(part),
                part.count == 1 || part.first != "0"
            else { return nil }
            address = address << 8 | UInt32(byte)
        }
        return address
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        let withoutZone = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text
        guard withoutZone.contains(":") else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, withoutZone, &bytes) == 1 else { return nil }
        return bytes
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0–9 (not any Unicode digit).
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
