import CSodium

/// HMAC-SHA256 through libsodium's streaming API (`crypto_auth_hmacsha256_init/update/final`),
/// which, unlike the one-shot `crypto_auth_hmacsha256`, takes keys of any length: webhook
/// secrets are 64 hex characters (64 bytes) in the original, and any length when imported.
public enum HMACSHA256 {
    /// `sodium_init()` picks the CPU's fastest implementations; it returns 0 on first success,
    /// 1 when already initialised, -1 on failure. A `static let` runs it once, thread-safely.
    private static let sodiumReady: Bool = sodium_init() >= 0

    /// The 32-byte MAC of the concatenation of `parts` under `key`. Several parts let callers
    /// sign `id.timestamp.body` without first copying the body into one buffer.
    public static func authenticate(key: [UInt8], parts: [[UInt8]]) -> [UInt8] {
        precondition(sodiumReady, "libsodium could not be initialised (sodium_init() failed)")
        var state = crypto_auth_hmacsha256_state()
        var mac = [UInt8](repeating: 0, count: crypto_auth_hmacsha256_bytes())
        // Passing the arrays themselves gives a valid pointer even when they are empty.
        _ = crypto_auth_hmacsha256_init(&state, key, key.count)
        for part in parts {
            _ = crypto_auth_hmacsha256_update(&state, part, UInt64(part.count))
        }
        _ = crypto_auth_hmacsha256_final(&state, &mac)
        // The state holds key-derived pads: wipe it rather than leave it on the stack.
        withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) }
        return mac
    }

    /// The MAC of `message` under `key`.
    public static func authenticate(key: [UInt8], message: [UInt8]) -> [UInt8] {
        authenticate(key: key, parts: [message])
    }

    /// Compares two byte strings in time that depends only on their length (`sodium_memcmp`),
    /// so a receiver-side or test verification leaks nothing about where they differ.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        precondition(sodiumReady, "libsodium could not be initialised (sodium_init() failed)")
        guard lhs.count == rhs.count else { return false }
        guard !lhs.isEmpty else { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in sodium_memcmp(left.baseAddress, right.baseAddress, left.count) == 0 }
        }
    }
}
