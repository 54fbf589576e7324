import Foundation
import Testing

@testable import MCAPI

/// Secrets sealed at rest with the data directory's key file.
struct SecretBoxTests {
    /// Runs `body` with a new empty directory, removed afterwards.
    static func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mc-secretbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test func sealedSecretsOpen() throws {
        try Self.withDirectory { directory in
            let box = try SecretBox(dataDirectory: directory)
            let sealed = box.seal("whsec_0123456789")
            #expect(sealed.hasPrefix("sb1:"))
            #expect(!sealed.contains("whsec"))
            #expect(try box.openString(sealed) == "whsec_0123456789")
            #expect(try box.open(box.seal([UInt8]())) == [])
            let binary = (0...255).map { UInt8($0) }
            #expect(try box.open(box.seal(binary)) == binary)
        }
    }

    @Test func sealingTwiceGivesDifferentText() throws {
        let box = SecretBox(key: [UInt8](repeating: 7, count: 32))
        #expect(box.seal("same") != box.seal("same"))
    }

    @Test func tamperedSecretsAreRejected() throws {
        let box = SecretBox(key: [UInt8](repeating: 7, count: 32))
        let sealed = box.seal("gateway-token")
        var bytes = [UInt8](Data(base64Encoded: String(sealed.dropFirst(4)))!)
        bytes[bytes.count - 1] ^= 0x01
        let tampered = "sb1:" + Data(bytes).base64EncodedString()
        #expect(throws: CredentialCryptoError(.secretRejected, "")) { try box.open(tampered) }
        let otherKey = SecretBox(key: [UInt8](repeating: 8, count: 32))
        #expect(throws: CredentialCryptoError(.secretRejected, "")) { try otherKey.open(sealed) }
    }

    @Test(arguments: ["", "sb1:", "sb1:!!!!", "sb2:" + String(repeating: "A", count: 64), "sb1:AAAA", "plain text"])
    func malformedSecretsAreRejected(sealed: String) {
        let box = SecretBox(key: [UInt8](repeating: 7, count: 32))
        #expect(throws: CredentialCryptoError(.malformedSecret, "")) { try box.open(sealed) }
    }

    @Test func nonTextSecretIsReportedAsSuch() {
        let box = SecretBox(key: [UInt8](repeating: 7, count: 32))
        #expect(throws: CredentialCryptoError(.notText, "")) { try box.openString(box.seal([0xff, 0xfe])) }
    }

    @Test func keyFileIsCreatedPrivateAndReused() throws {
        try Self.withDirectory { directory in
            let first = try SecretBox(dataDirectory: directory)
            let path = directory + "/secret.key"
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            #expect((attributes[.size] as? NSNumber)?.intValue == 32)
            // A second box on the same directory reads the same key: it opens the first's secrets.
            let second = try SecretBox(dataDirectory: directory + "/")
            #expect(try second.openString(first.seal("shared")) == "shared")
            // No temporary file is left behind.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["secret.key"])
        }
    }

    @Test func wrongSizeKeyFileIsAnErrorNamingTheFile() throws {
        try Self.withDirectory { directory in
            let path = directory + "/secret.key"
            try Data(repeating: 1, count: 31).write(to: URL(fileURLWithPath: path))
            do {
                _ = try SecretBox(dataDirectory: directory)
                Issue.record("a 31-byte key file was accepted")
            } catch let error as CredentialCryptoError {
                #expect(error.code == .keyFile)
                #expect(error.message.contains(path))
                #expect(error.message.contains("31 bytes"))
            }
            // The bad file is left alone for the operator to restore.
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == 31)
        }
    }

    @Test func missingDataDirectoryIsAnErrorNamingTheFile() {
        let directory = "/nonexistent-\(UUID().uuidString)"
        do {
            _ = try SecretBox(dataDirectory: directory)
            Issue.record("a key file was created in a missing directory")
        } catch let error as CredentialCryptoError {
            #expect(error.code == .keyFile)
            #expect(error.message.contains(directory + "/secret.key"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
