/// A single address or a CIDR range (`10.0.0.0/8`, `fd00::/8`, `::1`), as listed in
/// `MC_TRUSTED_PROXIES`.
///
/// Host bits below the prefix are ignored (`10.0.0.1/8` is `10.0.0.0/8`), as most tools do. An
/// IPv6 range also matches IPv4 addresses through their mapped form, so `::ffff:0:0/96` and `::/0`
/// cover IPv4 too (mapped addresses are parsed as IPv4, see `IPAddress`).
struct IPAddressRange: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the range.
    let network: IPAddress
    /// The prefix length: 0...32 for IPv4, 0...128 for IPv6.
    let prefixLength: Int

    /// Parses `address` or `address/prefix`; nil if either part is invalid.
    init?(_ text: some StringProtocol) {
        let text = HeaderText.trimmed(text)
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard var address = IPAddress(parts[0]) else { return nil }
        if parts[0].contains(":"), case .v4(let value) = address {
            // Written as IPv4-mapped IPv6 (`::ffff:10.0.0.0/104`): keep the IPv6 prefix length.
            address = .v6(high: 0, low: 0xffff_0000_0000 | UInt64(value))
        }
        let bits = address.isIPv4 ? 32 : 128
        var prefix = bits
        if parts.count == 2 {
            guard HeaderText.isDigits(parts[1]), parts[1].count <= 3, let value = Int(parts[1]), value <= bits else {
                return nil
            }
            prefix = value
        }
        self.prefixLength = prefix
        self.network = Self.masked(address, prefix: prefix)
    }

    /// Whether `address` lies in this range.
    func contains(_ address: IPAddress) -> Bool {
        switch (network, address) {
        case (.v4, .v4), (.v6, .v6):
            return Self.masked(address, prefix: prefixLength) == network
        case (.v6, .v4(let value)):
            let mapped = IPAddress.v6(high: 0, low: 0xffff_0000_0000 | UInt64(value))
            return Self.masked(mapped, prefix: prefixLength) == network
        case (.v4, .v6):
            return false
        }
    }

    /// `network/prefixLength`.
    var description: String { "\(network)/\(prefixLength)" }

    private static func masked(_ address: IPAddress, prefix: Int) -> IPAddress {
        switch address {
        case .v4(let value):
            let mask: UInt32 = prefix == 0 ? 0 : ~0 << (32 - prefix)
            return .v4(value & mask)
        case .v6(let high, let low):
            let highMask: UInt64 = prefix >= 64 ? ~0 : (prefix == 0 ? 0 : ~0 << (64 - prefix))
            let lowMask: UInt64 = prefix <= 64 ? 0 : (prefix == 128 ? ~0 : ~0 << (128 - prefix))
            return .v6(high: high & highMask, low: low & lowMask)
        }
    }
}
