import CSodium

/// Random credentials and the helpers that compare and display them (reference §3.2, §3.4).
///
/// Tokens are lowercase hex of bytes from libsodium's CSPRNG (`getrandom` on Linux). Only their
/// SHA-256 is stored, so a database leak does not hand out working sessions or keys.
enum SecretToken {
    /// Prefix of a rotated global API key.
    static let globalKeyPrefix = "mc_"
    /// Prefix of a per-agent API key.
    static let agentKeyPrefix = "mca_"
    /// Hex characters after either prefix (24 random bytes).
    static let keyHexLength = 48

    /// `count` bytes from libsodium's CSPRNG.
    static func randomBytes(_ count: Int) -> [UInt8] {
        Sodium.ensureInitialized()
        var bytes = [UInt8](repeating: 0, count: count)
        randombytes_buf(&bytes, count)
        return bytes
    }

    /// `byteCount` random bytes as lowercase hex (`2 * byteCount` characters).
    static func randomHex(byteCount: Int) -> String {
        HexCoding.encode(randomBytes(byteCount))
    }

    /// A session token: 32 random bytes, 64 hex characters. Sent only in the cookie.
    static func sessionToken() -> String { randomHex(byteCount: 32) }

    /// A rotated global API key: `mc_` + 48 hex characters.
    static func globalAPIKey() -> String { globalKeyPrefix + randomHex(byteCount: keyHexLength / 2) }

    /// A per-agent API key: `mca_` + 48 hex characters.
    static func agentAPIKey() -> String { agentKeyPrefix + randomHex(byteCount: keyHexLength / 2) }

    /// SHA-256 of the UTF-8 bytes of `string`, lowercase hex: how sessions and keys are stored.
    static func sha256Hex(_ string: String) -> String {
        HexCoding.encode(sha256(Array(string.utf8)))
    }

    /// SHA-256 of `bytes`, lowercase hex.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        HexCoding.encode(sha256(bytes))
    }

    /// True when `a == b`, in time that depends only on the lengths of the inputs, never on
    /// where they first differ.
    ///
    /// Both sides are hashed first, so the final comparison is always 32 bytes: inputs of
    /// different lengths need no early exit (which would tell an attacker the right length).
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = sha256(Array(a.utf8))
        let right = sha256(Array(b.utf8))
        return sodium_memcmp(left, right, left.count) == 0
    }

    /// True when `key` has the shape of a database-backed key: `mc_` or `mca_` and exactly 48
    /// hex characters, either case (reference §2.4). The edge gate lets such keys through to the
    /// route, which does the real lookup.
    static func looksLikeDatabaseKey(_ key: String) -> Bool {
        let rest: Substring
        if key.hasPrefix(agentKeyPrefix) {
            rest = key.dropFirst(agentKeyPrefix.count)
        } else if key.hasPrefix(globalKeyPrefix) {
            rest = key.dropFirst(globalKeyPrefix.count)
        } else {
            return false
        }
        return rest.utf8.count == keyHexLength && HexCoding.isHex(rest)
    }

    /// `key` for display: first 4 characters, `-****-****-`, last 5 (`GET /api/tokens/rotate`).
    ///
    /// Unlike the original, a key shorter than 16 characters is shown as `****` alone: first 4
    /// plus last 5 of a 9-character key would be the whole key.
    static func masked(_ key: String) -> String {
        guard key.count >= 16 else { return "****" }
        return "\(key.prefix(4))-****-****-\(key.suffix(5))"
    }

    private static func sha256(_ input: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialized()
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_bytes()))
        _ = input.withSodiumBytes { bytes, count in
            crypto_hash_sha256(&digest, bytes, UInt64(count))
        }
        return digest
    }
}
