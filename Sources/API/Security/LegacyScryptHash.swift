import CSodium

/// A password hash imported from an original Mission Control database: `<salt>:<hash>`, where
/// `salt` is 32 hex characters and `hash` is the 64-hex scrypt output (reference §3.1).
///
/// The original used Node's `crypto.scrypt(password, saltHex, 32, {N})` with r=8, p=1. Two
/// details matter for compatibility: the salt passed to scrypt is the hex *text* (its 32 ASCII
/// bytes), not the 16 bytes it spells; and hashes written before its N was raised used
/// N=16384, which the original still accepted. Any match here is reported as needing a rehash,
/// so imported users move to Argon2id at their first login.
struct LegacyScryptHash: Sendable {
    /// Work factors to try, current first: a legacy hash costs both attempts, as in the original.
    static let costs: [UInt64] = [65_536, 16_384]
    private static let blockSize: UInt32 = 8
    private static let parallelism: UInt32 = 1
    private static let saltHexLength = 32
    private static let hashLength = 32

    /// The salt as scrypt sees it: the UTF-8 bytes of the hex text.
    let salt: [UInt8]
    /// The stored scrypt output, decoded.
    let expected: [UInt8]

    /// Parses `stored`, or returns nil unless it is exactly `<32 hex>:<64 hex>`.
    init?(_ stored: String) {
        let parts = stored.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == Self.saltHexLength, HexCoding.isHex(parts[0]),
            let expected = HexCoding.decode(parts[1]), expected.count == Self.hashLength
        else { return nil }
        self.salt = Array(parts[0].utf8)
        self.expected = expected
    }

    /// Checks `password` (its UTF-8 bytes): `.validNeedsRehash` on a match at any cost.
    ///
    /// Blocks for up to a few hundred milliseconds and allocates up to 64 MiB (128·r·N bytes):
    /// call it only through `PasswordHasher`.
    func verify(_ password: [UInt8]) -> PasswordVerification {
        Sodium.ensureInitialized()
        for cost in Self.costs where matches(password, cost: cost) {
            return .validNeedsRehash
        }
        return .invalid
    }

    private func matches(_ password: [UInt8], cost: UInt64) -> Bool {
        var derived = [UInt8](repeating: 0, count: Self.hashLength)
        let status = password.withSodiumBytes { passwd, passwdCount in
            salt.withSodiumBytes { saltBytes, saltCount in
                crypto_pwhash_scryptsalsa208sha256_ll(
                    passwd, passwdCount, saltBytes, saltCount, cost, Self.blockSize, Self.parallelism,
                    &derived, derived.count)
            }
        }
        // A failed derivation (out of memory) is a non-match, never a crash.
        guard status == 0 else { return false }
        // Constant time, so the comparison leaks nothing about how much of the hash matched.
        return sodium_memcmp(derived, expected, Self.hashLength) == 0
    }
}
