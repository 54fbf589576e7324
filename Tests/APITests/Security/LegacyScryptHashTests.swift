import Testing

@testable import MCAPI

/// Hashes in the original system's scrypt format verify, and always ask for a rehash.
///
/// The vectors were computed independently with Python's `hashlib.scrypt(password.encode(),
/// salt=saltHex.encode(), n=N, r=8, p=1, dklen=32)`, i.e. with the hex text as the salt.
struct LegacyScryptHashTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var password: String
        var stored: String
        var cost: Int
        var testDescription: String { "N=\(cost) \(password)" }
    }

    static let vectors: [Vector] = [
        Vector(
            password: "correct horse battery staple",
            stored: "3f9a1c0d7e5b2a4869f0c1d2e3b4a596:36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc70",
            cost: 65_536),
        Vector(
            password: "legacy password 1234",
            stored: "a0b1c2d3e4f5061728394a5b6c7d8e9f:c3781cd825c467c21dfb84aa2174dbc934520e282bec68b207f75acea6aa921a",
            cost: 16_384),
        // UTF-8 70c3a4737377c3b672642de697a5e69cace8aa9e2df09f9491: "pässwörd-日本語-🔑", precomposed.
        Vector(
            password: "p\u{E4}ssw\u{F6}rd-\u{65E5}\u{672C}\u{8A9E}-\u{1F511}",
            stored: "0123456789abcdef0123456789abcdef:a4db966eff70478d6001d5f72474513f629d70aecce5ea63f785853e44d281c6",
            cost: 65_536),
        Vector(
            password: "\u{FC}n\u{EF}c\u{F6}d\u{E9} legacy \u{2713}",
            stored: "fedcba9876543210fedcba9876543210:53835045922276beb4ba5b3e3cb47b823e508b60830e741ab4f5b65351670af8",
            cost: 16_384),
    ]

    let hasher = PasswordHasher.shared

    @Test(arguments: vectors)
    func importedHashVerifiesAndNeedsRehash(vector: Vector) async {
        #expect(await hasher.verify(vector.password, against: vector.stored) == .validNeedsRehash)
    }

    @Test(arguments: vectors)
    func wrongPasswordIsInvalid(vector: Vector) async {
        #expect(await hasher.verify(vector.password + "x", against: vector.stored) == .invalid)
    }

    @Test func uppercaseHashHexIsAccepted() async {
        let vector = Self.vectors[0]
        let parts = vector.stored.split(separator: ":")
        let stored = "\(parts[0]):\(parts[1].uppercased())"
        #expect(await hasher.verify(vector.password, against: stored) == .validNeedsRehash)
    }

    @Test func saltIsTheHexTextNotTheBytesItSpells() throws {
        let parsed = try #require(LegacyScryptHash(Self.vectors[0].stored))
        #expect(parsed.salt == Array("3f9a1c0d7e5b2a4869f0c1d2e3b4a596".utf8))
        #expect(parsed.expected.count == 32)
    }

    @Test(arguments: [
        "",
        ":",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a59636f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc70",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a596:",
        ":36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc70",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a5:36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc70",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a596:36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a596:36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc7",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a596:36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc7000",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a5zz:36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc70",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a596:36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddcZZ",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a596:36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc70:00",
        "3f9a1c0d7e5b2a4869f0c1d2e3b4a596 :36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc70",
        "\u{E9}f9a1c0d7e5b2a4869f0c1d2e3b4a596:36f9442e0ce1a9b6e315ee64085c346c4a7ec2267d9ef049c1c6663342eddc70",
    ])
    func malformedStoredStringsAreInvalid(stored: String) async {
        #expect(LegacyScryptHash(stored) == nil)
        #expect(await hasher.verify("correct horse battery staple", against: stored) == .invalid)
    }
}
