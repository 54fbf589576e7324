import Testing

@testable import MCAPI

/// Argon2id hashing and verification, and the cap on concurrent hashing.
struct PasswordHasherTests {
    let hasher = PasswordHasher.shared

    @Test func freshHashVerifiesAndNeedsNoRehash() async throws {
        let stored = try await hasher.hash("correct horse battery staple")
        #expect(stored.hasPrefix("$argon2id$v=19$m=65536,t=2,p=1$"))
        #expect(await hasher.verify("correct horse battery staple", against: stored) == .valid)
    }

    @Test func wrongPasswordIsInvalid() async throws {
        let stored = try await hasher.hash("correct horse battery staple")
        #expect(await hasher.verify("correct horse battery stapler", against: stored) == .invalid)
        #expect(await hasher.verify("", against: stored) == .invalid)
    }

    @Test func samePasswordHashesDifferentlyEachTime() async throws {
        let first = try await hasher.hash("same password twice")
        let second = try await hasher.hash("same password twice")
        #expect(first != second)
        #expect(await hasher.verify("same password twice", against: first) == .valid)
        #expect(await hasher.verify("same password twice", against: second) == .valid)
    }

    @Test func emptyAndNonASCIIPasswordsRoundTrip() async throws {
        for password in ["", "p\u{E4}ssw\u{F6}rd-\u{65E5}\u{672C}\u{8A9E}-\u{1F511}"] {
            let stored = try await hasher.hash(password)
            #expect(await hasher.verify(password, against: stored) == .valid)
        }
    }

    @Test func weakerArgon2ParametersNeedRehash() async throws {
        // t=1 is below INTERACTIVE's t=2: a hash made with older settings still verifies, but
        // is flagged so the caller upgrades it.
        let stored = try Argon2id.hash(Array("upgrade me please".utf8), opsLimit: 1)
        #expect(stored.contains("t=1"))
        #expect(await hasher.verify("upgrade me please", against: stored) == .validNeedsRehash)
    }

    @Test func dummyHashIsAWellFormedInteractiveHash() async {
        #expect(Argon2id.dummyHash.hasPrefix("$argon2id$v=19$m=65536,t=2,p=1$"))
        // Any password fails against it, and the call completes (it really hashes).
        #expect(await hasher.verify("anything", against: Argon2id.dummyHash) == .invalid)
        await hasher.dummyVerify("anything")
    }

    @Test(arguments: [
        "", "$argon2id$", "$argon2id$v=19$m=65536,t=2,p=1$", "$argon2id$v=19$m=65536,t=2,p=1$AAAA$BBBB",
        "$argon2i$v=19$m=65536,t=2,p=1$LvBdkrEYk9j0/vyoR534eg$ist8Kcpra/nowweGCdoMN12zNoel/ATITruEdHXFtqk",
        "$2b$10$abcdefghijklmnopqrstuv", "plaintext-password",
        "$argon2id$" + String(repeating: "x", count: 130),
        "$argon2id$v=19$m=65536,t=2,p=1$LvBdkrEYk9j0/vyoR534eg\0$ist8Kcpra/nowweGCdoMN12zNoel/ATITruEdHXFtqk",
    ])
    func malformedArgon2StringsAreInvalid(stored: String) async {
        #expect(await hasher.verify("anything", against: stored) == .invalid)
    }

    @Test func atMostTwoHashesRunAtOnce() async throws {
        let permits = AsyncSemaphore(permits: PasswordHasher.maximumConcurrentOperations)
        let hasher = PasswordHasher(permits: permits)
        let hashes = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<6 {
                group.addTask { try await hasher.hash("concurrent password \(index)") }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(hashes.count == 6)
        #expect(Set(hashes).count == 6)
        // Six hashes of ~50 ms each were started together: the cap was reached and never passed.
        #expect(await permits.peakInUse == 2)
        #expect(await permits.inUse == 0)
    }

    @Test func sharedHasherUsesTheProcessWideCap() async {
        #expect(PasswordHasher.maximumConcurrentOperations == 2)
        #expect(await PasswordHasher.shared.permits.peakInUse <= 2)
    }
}
