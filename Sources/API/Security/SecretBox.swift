import CSodium
import Foundation

/// Encrypts secrets kept in the database (webhook secrets, gateway tokens) with libsodium's
/// secretbox (XSalsa20-Poly1305) under the key in `<data dir>/secret.key` (DESIGN §6).
///
/// A sealed value is text, `sb1:` + base64(nonce ‖ ciphertext ‖ tag), so it fits a TEXT column.
/// The version prefix leaves room to change the scheme later while still opening old values.
/// Each seal draws a fresh 24-byte random nonce, long enough that random nonces never repeat.
struct SecretBox: Sendable {
    /// Prefix of every sealed value.
    static let formatPrefix = "sb1:"

    private static var nonceLength: Int { crypto_secretbox_noncebytes() }
    private static var tagLength: Int { crypto_secretbox_macbytes() }

    private let key: [UInt8]

    /// Uses the key file in `dataDirectory` (which must exist), creating the key on first use.
    ///
    /// Throws `CredentialCryptoError(.keyFile)` naming the file if it cannot be created or read,
    /// or has the wrong size.
    init(dataDirectory: String) throws {
        let key = try SecretKeyFile.loadOrCreate(at: SecretKeyFile.path(inDataDirectory: dataDirectory))
        self.init(key: key)
    }

    /// Uses `key` directly; it must be `SecretKeyFile.keyLength` (32) bytes.
    init(key: [UInt8]) {
        Sodium.ensureInitialized()
        precondition(key.count == SecretKeyFile.keyLength, "a secretbox key is \(SecretKeyFile.keyLength) bytes")
        self.key = key
    }

    /// Encrypts and authenticates `plaintext`.
    func seal(_ plaintext: [UInt8]) -> String {
        Sodium.ensureInitialized()
        var nonce = [UInt8](repeating: 0, count: Self.nonceLength)
        randombytes_buf(&nonce, nonce.count)
        var ciphertext = [UInt8](repeating: 0, count: Self.tagLength + plaintext.count)
        _ = plaintext.withSodiumBytes { message, count in
            crypto_secretbox_easy(&ciphertext, message, UInt64(count), nonce, key)
        }
        return Self.formatPrefix + Data(nonce + ciphertext).base64EncodedString()
    }

    /// Encrypts the UTF-8 bytes of `text`.
    func seal(_ text: String) -> String { seal(Array(text.utf8)) }

    /// Decrypts a value made by `seal`.
    ///
    /// Throws `CredentialCryptoError(.malformedSecret)` when `sealed` is not in the format, and
    /// `.secretRejected` when it fails authentication: altered, or sealed under another key.
    func open(_ sealed: String) throws -> [UInt8] {
        Sodium.ensureInitialized()
        guard sealed.hasPrefix(Self.formatPrefix),
            let decoded = Data(base64Encoded: String(sealed.dropFirst(Self.formatPrefix.count)))
        else {
            throw CredentialCryptoError(
                .malformedSecret, "not a sealed secret: expected \(Self.formatPrefix) and base64")
        }
        let bytes = [UInt8](decoded)
        guard bytes.count >= Self.nonceLength + Self.tagLength else {
            throw CredentialCryptoError(.malformedSecret, "sealed secret is too short to hold a nonce and a tag")
        }
        let nonce = Array(bytes.prefix(Self.nonceLength))
        let ciphertext = Array(bytes.dropFirst(Self.nonceLength))
        let plaintextLength = ciphertext.count - Self.tagLength
        // One spare byte so the output pointer is valid even for an empty secret.
        var plaintext = [UInt8](repeating: 0, count: plaintextLength + 1)
        let status = crypto_secretbox_open_easy(&plaintext, ciphertext, UInt64(ciphertext.count), nonce, key)
        guard status == 0 else {
            throw CredentialCryptoError(
                .secretRejected, "sealed secret failed authentication: it was altered or sealed with another key")
        }
        plaintext.removeLast()
        return plaintext
    }

    /// Decrypts a value made by `seal(_: String)`; `.notText` if it is not UTF-8.
    func openString(_ sealed: String) throws -> String {
        guard let text = String(validating: try open(sealed), as: UTF8.self) else {
            throw CredentialCryptoError(.notText, "sealed secret is not UTF-8 text")
        }
        return text
    }
}
