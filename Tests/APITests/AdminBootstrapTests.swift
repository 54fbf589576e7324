import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// The first admin account, and importing the original's scrypt password hashes.
@Suite struct AdminBootstrapTests {
    static func freshDatabase() throws -> (EventedDatabase, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcboot-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pool = try DatabaseFactory.open(path: directory + "/mc.db")
        return (EventedDatabase(pool: pool, hub: EventHub()), directory)
    }

    @Test func withoutAPasswordOneIsGeneratedAndOnlyItsHashStored() async throws {
        let (database, directory) = try Self.freshDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await AdminBootstrap.ensureAdmin(database: database, environment: EnvironmentReader([:]), hasher: .shared)
        guard case .created(let username, let generated?) = outcome else {
            Issue.record("expected a generated password, got \(outcome)")
            return
        }
        #expect(username == "admin")
        #expect(generated.count == 20)
        let hash = try await database.read { try String.fetchOne($0, sql: "SELECT password_hash FROM users") }
        #expect(hash?.hasPrefix("$argon2id$") == true)
        #expect(hash?.contains(generated) == false)
        #expect(await PasswordHasher.shared.verify(generated, against: hash ?? "") == .valid)
        // A second start changes nothing and prints nothing.
        let again = try await AdminBootstrap.ensureAdmin(database: database, environment: EnvironmentReader([:]), hasher: .shared)
        #expect(again == .existingUsers)
    }

    @Test func configuredUserAndBase64Password() async throws {
        let (database, directory) = try Self.freshDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let encoded = Data("pässwörd with spaces".utf8).base64EncodedString()
        let outcome = try await AdminBootstrap.ensureAdmin(
            database: database, environment: EnvironmentReader(["AUTH_USER": "ops", "AUTH_PASS_B64": encoded, "AUTH_PASS": "ignored-because-b64-wins"]),
            hasher: .shared)
        #expect(outcome == .created(username: "ops", generatedPassword: nil))
        let (name, hash) = try await database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT display_name, password_hash FROM users WHERE username = 'ops'")
            return (row?["display_name"] as String?, row?["password_hash"] as String?)
        }
        #expect(name == "Ops")
        #expect(await PasswordHasher.shared.verify("pässwörd with spaces", against: hash ?? "") == .valid)
    }

    @Test(arguments: [
        (["AUTH_PASS": "short"], "AUTH_PASS"),
        (["AUTH_PASS": "changeme"], "AUTH_PASS"),
        (["AUTH_PASS_B64": "not base64!"], "AUTH_PASS_B64"),
    ])
    func unusablePasswordIsAConfigurationError(environment: [String: String], variable: String) async throws {
        let (database, directory) = try Self.freshDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        await #expect {
            _ = try await AdminBootstrap.ensureAdmin(database: database, environment: EnvironmentReader(environment), hasher: .shared)
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM users") } == 0)
    }

    @Test func originalScryptHashLogsInAndIsUpgradedToArgon2id() async throws {
        let app = try await TestApplication()
        // Computed with Python's hashlib.scrypt (N=65536, r=8, p=1, salt = the hex string's bytes).
        let scrypt = "0123456789abcdef0123456789abcdef:07bfc1e40a1658a621540f08b6169bc72e644278194b93c44f662b672aeb72ba"
        try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO users (username, display_name, password_hash, role) VALUES ('imported', 'Imported', ?, 'operator')",
                arguments: [scrypt])
        }
        try await app.test { client in
            let response = try await client.execute(
                uri: "/api/auth/login", method: .post,
                body: ByteBuffer(string: #"{"username":"imported","password":"imported-password-1"}"#))
            #expect(response.status == .ok)
        }
        let hash = try await app.dependencies.database.read {
            try String.fetchOne($0, sql: "SELECT password_hash FROM users WHERE username = 'imported'")
        }
        #expect(hash?.hasPrefix("$argon2id$") == true)
    }
}
