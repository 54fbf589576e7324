import CSodium

/// Argon2id password hashing through libsodium's `crypto_pwhash_str` family: the format every
/// new or changed password is stored in (`$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>`).
///
/// These calls block for tens of milliseconds and allocate about 64 MiB each: call them only
/// through `PasswordHasher`, which caps their concurrency and runs them off the async pool.
enum Argon2id {
    /// Every string this type produces starts with this.
    static let prefix = "$argon2id$"

    /// A hash of a random, discarded password with the INTERACTIVE parameters, for
    /// `PasswordHasher.dummyVerify`: verifying against it costs exactly what a real verify does.
    static let dummyHash =
        "$argon2id$v=19$m=65536,t=2,p=1$LvBdkrEYk9j0/vyoR534eg" + "$ist8Kcpra/nowweGCdoMN12zNoel/ATITruEdHXFtqk"

    /// libsodium's INTERACTIVE limits: about 64 MiB and 2 passes, its recommendation for
    /// online logins. Read through its functions rather than macros, which Swift may not import.
    static var opsLimit: UInt64 { UInt64(crypto_pwhash_opslimit_interactive()) }
    static var memLimit: Int { crypto_pwhash_memlimit_interactive() }

    /// The longest stored string libsodium accepts, terminator included.
    private static var stringBytes: Int { crypto_pwhash_strbytes() }

    /// Hashes `password` (its UTF-8 bytes) with a fresh random salt, by default with today's
    /// INTERACTIVE limits (other limits only make older-style hashes for tests).
    static func hash(
        _ password: [UInt8], opsLimit: UInt64 = Argon2id.opsLimit, memLimit: Int = Argon2id.memLimit
    ) throws -> String {
        Sodium.ensureInitialized()
        var output = [CChar](repeating: 0, count: stringBytes)
        let status = password.withSodiumBytes { bytes, count in
            bytes.withMemoryRebound(to: CChar.self, capacity: count + 1) { passwd in
                crypto_pwhash_str(&output, passwd, UInt64(count), opsLimit, memLimit)
            }
        }
        guard status == 0 else {
            throw CredentialCryptoError(.hashingFailed, "Argon2id hashing failed (libsodium could not allocate memory)")
        }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Checks `password` against `stored`; `.validNeedsRehash` when its parameters are not
    /// today's. Anything that is not a well-formed Argon2id string is `.invalid`.
    static func verify(_ password: [UInt8], against stored: String) -> PasswordVerification {
        Sodium.ensureInitialized()
        // libsodium reads the stored string as a C string of at most `stringBytes` bytes; an
        // embedded NUL would silently shorten it, so both are refused before it sees them.
        guard stored.hasPrefix(prefix), stored.utf8.count < stringBytes, !stored.utf8.contains(0) else {
            return .invalid
        }
        let matches = stored.withCString { storedString in
            password.withSodiumBytes { bytes, count in
                bytes.withMemoryRebound(to: CChar.self, capacity: count + 1) { passwd in
                    crypto_pwhash_str_verify(storedString, passwd, UInt64(count)) == 0
                }
            }
        }
        guard matches else { return .invalid }
        // 0: parameters match today's; 1: weaker or different; -1: unparsable (cannot happen
        // after a successful verify, but if it did, a rehash is the safe answer).
        let current = stored.withCString { crypto_pwhash_str_needs_rehash($0, opsLimit, memLimit) } == 0
        return current ? .valid : .validNeedsRehash
    }
}
