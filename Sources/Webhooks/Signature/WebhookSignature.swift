import Foundation

/// The two signature schemes every delivery carries when its webhook has a secret.
///
/// 1. The original's (kept so existing receivers keep working): `X-MC-Signature: sha256=<hex>`,
///    lowercase hex of HMAC-SHA256 keyed with the secret's UTF-8 bytes over the raw body bytes.
///    It signs no timestamp, so on its own it cannot stop a replay.
/// 2. Standard Webhooks (standardwebhooks.com): `webhook-signature: v1,<base64>`, HMAC-SHA256
///    over `<webhook-id>.<webhook-timestamp>.<body>`, so a receiver can reject old timestamps and
///    already-seen ids. The key: a secret written `whsec_<base64>` is base64-decoded (the form
///    the Standard Webhooks libraries expect); any other secret (Mission Control generates 64
///    hex characters, as the original did) is used as its UTF-8 bytes, the same key as scheme 1.
///    To verify such a secret with a Standard Webhooks library, give the library
///    `standardWebhooksSecret(for:)`, which is `whsec_` + base64 of those bytes.
public enum WebhookSignature {
    /// The prefix of secrets that are base64-encoded keys.
    public static let standardSecretPrefix = "whsec_"

    /// `sha256=<lowercase hex HMAC-SHA256(secret, body)>`, the `X-MC-Signature` value.
    public static func mcSignature(secret: String, body: [UInt8]) -> String {
        "sha256=" + hex(HMACSHA256.authenticate(key: Array(secret.utf8), message: body))
    }

    /// `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, the `webhook-signature` value,
    /// with the key from `standardKey(secret:)`.
    public static func standardSignature(secret: String, id: String, timestamp: Int64, body: [UInt8]) -> String {
        let prefix = Array("\(id).\(timestamp).".utf8)
        let mac = HMACSHA256.authenticate(key: standardKey(secret: secret), parts: [prefix, body])
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The Standard Webhooks key: the base64-decoded bytes after `whsec_`, or, for any other
    /// secret (or a `whsec_` one that is not valid base64), the secret's UTF-8 bytes.
    public static func standardKey(secret: String) -> [UInt8] {
        decodedStandardKey(secret) ?? Array(secret.utf8)
    }

    /// The key of a `whsec_<base64>` secret; nil for other secrets and for an empty key.
    private static func decodedStandardKey(_ secret: String) -> [UInt8]? {
        guard secret.hasPrefix(standardSecretPrefix),
            let key = Data(base64Encoded: String(secret.dropFirst(standardSecretPrefix.count))), !key.isEmpty
        else { return nil }
        return Array(key)
    }

    /// The secret in the form Standard Webhooks libraries take: unchanged when it already is
    /// `whsec_<base64>`, else `whsec_` + base64 of its UTF-8 bytes (the key Mission Control uses).
    public static func standardWebhooksSecret(for secret: String) -> String {
        if decodedStandardKey(secret) != nil { return secret }
        return standardSecretPrefix + Data(secret.utf8).base64EncodedString()
    }

    /// Whether `header` is the correct `X-MC-Signature` for `body`, compared in constant time.
    public static func verifyMCSignature(_ header: String, secret: String, body: [UInt8]) -> Bool {
        HMACSHA256.constantTimeEqual(Array(header.utf8), Array(mcSignature(secret: secret, body: body).utf8))
    }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
