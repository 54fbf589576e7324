import Testing

@testable import MCAPI

/// Random tokens and keys, hashing, comparison and display (reference §3.2, §3.4).
struct SecretTokenTests {
    static func isLowercaseHex(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
        }
    }

    @Test func sessionTokensAre64LowercaseHex() {
        let token = SecretToken.sessionToken()
        #expect(token.count == 64)
        #expect(Self.isLowercaseHex(token))
    }

    @Test func globalKeysAreMcAnd48Hex() {
        let key = SecretToken.globalAPIKey()
        #expect(key.hasPrefix("mc_"))
        #expect(key.count == 3 + 48)
        #expect(Self.isLowercaseHex(key.dropFirst(3)))
        #expect(SecretToken.looksLikeDatabaseKey(key))
    }

    @Test func agentKeysAreMcaAnd48Hex() {
        let key = SecretToken.agentAPIKey()
        #expect(key.hasPrefix("mca_"))
        #expect(key.count == 4 + 48)
        #expect(Self.isLowercaseHex(key.dropFirst(4)))
        #expect(SecretToken.looksLikeDatabaseKey(key))
    }

    @Test func randomBytesHaveTheRequestedCount() {
        #expect(SecretToken.randomBytes(0).isEmpty)
        #expect(SecretToken.randomBytes(40).count == 40)
        #expect(SecretToken.randomBytes(32) != SecretToken.randomBytes(32))
    }

    @Test func tokensDoNotRepeat() {
        let tokens = (0..<1_000).map { _ in SecretToken.sessionToken() }
        #expect(Set(tokens).count == tokens.count)
        let keys = (0..<1_000).map { _ in SecretToken.agentAPIKey() }
        #expect(Set(keys).count == keys.count)
    }

    @Test func sha256HexMatchesKnownVectors() {
        #expect(SecretToken.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecretToken.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func constantTimeEqualsComparesWholeStrings() {
        #expect(SecretToken.constantTimeEquals("test-api-key-e2e-12345", "test-api-key-e2e-12345"))
        #expect(SecretToken.constantTimeEquals("", ""))
        #expect(!SecretToken.constantTimeEquals("test-api-key-e2e-12345", "test-api-key-e2e-12346"))
        #expect(!SecretToken.constantTimeEquals("test-api-key", "test-api-key-e2e-12345"))
        #expect(!SecretToken.constantTimeEquals("", "x"))
        #expect(!SecretToken.constantTimeEquals("abc", "ABC"))
    }

    @Test func databaseKeyShape() {
        let hex48 = String(repeating: "a1B2", count: 12)
        #expect(SecretToken.looksLikeDatabaseKey("mc_" + hex48))
        #expect(SecretToken.looksLikeDatabaseKey("mca_" + hex48))
        #expect(!SecretToken.looksLikeDatabaseKey("mc_" + hex48.dropLast()))
        #expect(!SecretToken.looksLikeDatabaseKey("mca_" + hex48 + "0"))
        #expect(!SecretToken.looksLikeDatabaseKey("mc_" + hex48.dropLast() + "g"))
        #expect(!SecretToken.looksLikeDatabaseKey("mcb_" + hex48))
        #expect(!SecretToken.looksLikeDatabaseKey("MC_" + hex48))
        #expect(!SecretToken.looksLikeDatabaseKey(hex48))
        #expect(!SecretToken.looksLikeDatabaseKey(""))
    }

    @Test func maskedShowsFirstFourAndLastFive() {
        #expect(SecretToken.masked("test-api-key-e2e-12345") == "test-****-****-12345")
        let key = "mc_" + String(repeating: "0123456789abcdef", count: 3)
        #expect(SecretToken.masked(key) == "mc_0-****-****-bcdef")
    }

    @Test func shortKeysAreMaskedEntirely() {
        #expect(SecretToken.masked("short-key") == "****")
        #expect(SecretToken.masked("") == "****")
    }
}
