extension WebhookIPAddress {
    /// The IPv4 address inside an IPv6 one that stands for it: IPv4-mapped `::ffff:a.b.c.d`,
    /// IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d` and 6to4 `2002:aabb:ccdd::`.
    /// Traffic to such an address reaches (or is translated to) that IPv4 address, so it is
    /// judged as that address. Nil for IPv4 addresses and other IPv6 ones.
    public var embeddedIPv4: UInt32? {
        guard case .v6(let bytes) = self, bytes.count == 16 else { return nil }
        func word(at offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        let firstTen = bytes[0..<10].allSatisfy { $0 == 0 }
        if firstTen, bytes[10] == 0xFF, bytes[11] == 0xFF { return word(at: 12) }  // ::ffff:0:0/96
        if firstTen, bytes[10] == 0, bytes[11] == 0 {
            let value = word(at: 12)
            return value > 1 ? value : nil  // ::/96, except :: and ::1, which are IPv6's own
        }
        if bytes[0..<4] == [0x00, 0x64, 0xFF, 0x9B], bytes[4..<12].allSatisfy({ $0 == 0 }) { return word(at: 12) }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return word(at: 2) }  // 2002::/16
        return nil
    }

    /// What kind of address this is; see `WebhookAddressClass`.
    public var addressClass: WebhookAddressClass {
        switch self {
        case .v4(let value): return Self.classify(ipv4: value)
        case .v6(let bytes):
            if let embedded = embeddedIPv4 { return Self.classify(ipv4: embedded) }
            return Self.classify(ipv6: bytes)
        }
    }

    /// IPv4 special-purpose ranges (RFC 6890 and the cloud metadata hosts).
    static func classify(ipv4 value: UInt32) -> WebhookAddressClass {
        func within(_ network: UInt32, _ prefix: UInt32) -> Bool {
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
            return value & mask == network
        }
        switch value {
        case 0xA9FE_A9FE, 0x6464_64C8: return .metadata  // 169.254.169.254, 100.100.100.200 (Alibaba)
        case 0: return .unspecified
        case 0xFFFF_FFFF: return .broadcast
        default: break
        }
        if within(0x7F00_0000, 8) { return .loopback }
        if within(0x0A00_0000, 8) || within(0xAC10_0000, 12) || within(0xC0A8_0000, 16) { return .private }
        if within(0x6440_0000, 10) { return .carrierGradeNAT }
        if within(0xA9FE_0000, 16) { return .linkLocal }
        if within(0xE000_0000, 4) { return .multicast }
        let reserved: [(UInt32, UInt32)] = [
            (0x0000_0000, 8),  // "this network"
            (0xF000_0000, 4),  // 240/4, future use
            (0xC000_0000, 24),  // 192.0.0/24, IETF protocol assignments
            (0xC000_0200, 24),  // 192.0.2/24, documentation
            (0xC058_6300, 24),  // 192.88.99/24, 6to4 relay anycast
            (0xC612_0000, 15),  // 198.18/15, benchmarking
            (0xC633_6400, 24),  // 198.51.100/24, documentation
            (0xCB00_7100, 24),  // 203.0.113/24, documentation
        ]
        if reserved.contains(where: { within($0.0, $0.1) }) { return .reserved }
        return .public
    }

    /// IPv6 special-purpose ranges; anything outside global unicast `2000::/3` is reserved.
    static func classify(ipv6 bytes: [UInt8]) -> WebhookAddressClass {
        let fd00ec2Metadata: [UInt8] = [0xFD, 0x00, 0x0E, 0xC2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54]
        if bytes == fd00ec2Metadata { return .metadata }
        if bytes.allSatisfy({ $0 == 0 }) { return .unspecified }
        if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return .loopback }
        if bytes[0] == 0xFF { return .multicast }
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return .linkLocal }  // fe80::/10
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0xC0 { return .private }  // fec0::/10, old site-local
        if bytes[0] & 0xFE == 0xFC { return .private }  // fc00::/7, unique local
        if bytes[0] & 0xE0 != 0x20 { return .reserved }  // not global unicast (2000::/3)
        if bytes[0..<4] == [0x20, 0x01, 0x0D, 0xB8] { return .reserved }  // 2001:db8::/32, documentation
        if bytes[0..<4] == [0x20, 0x01, 0x00, 0x00] { return .reserved }  // 2001::/32, Teredo
        if bytes[0] == 0x3F, bytes[1] == 0xFF, bytes[2] & 0xF0 == 0 { return .reserved }  // 3fff::/20, documentation
        return .public
    }
}
