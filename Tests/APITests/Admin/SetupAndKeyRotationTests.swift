import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `/api/setup` (once only) and `/api/tokens/rotate`.
@Suite struct SetupAndKeyRotationTests {
    typealias F = AdminFixtures
    static let json: HTTPFields = [.contentType: "application/json"]

    @Test func setupCreatesTheFirstAdminOnceAndLogsIn() async throws {
        let app = try await TestApplication()
        try await F.sql(app, "DELETE FROM users")
        try await app.test { client in
            #expect(try await F.send(client, .get, "/api/setup", [:]).text == #"{"needsSetup":true}"#)
            let response = try await F.send(
                client, .post, "/api/setup", Self.json,
                #"{"username":"  Root.Admin ","password":"a-long-secret-pass","displayName":"Root"}"#)
            #expect(response.status == .ok)
            let user = try #require(response.json["user"] as? [String: Any])
            #expect(user["username"] as? String == "root.admin")
            #expect(user["display_name"] as? String == "Root")
            #expect(user["role"] as? String == "admin")
            let cookie = try #require(response.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let me = try await F.send(client, .get, "/api/auth/me", [.cookie: cookie])
            #expect((me.json["user"] as? [String: Any])?["username"] as? String == "root.admin")

            #expect(try await F.send(client, .get, "/api/setup", [:]).text == #"{"needsSetup":false}"#)
            let again = try await F.send(
                client, .post, "/api/setup", Self.json, #"{"username":"second","password":"a-long-secret-pass"}"#)
            #expect(again.status == .forbidden)
            #expect(again.text == #"{"error":"Setup has already been completed"}"#)
        }
        #expect(try await F.count(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'setup_admin_created' AND actor = 'root.admin'") == 1)
    }

    @Test(arguments: [
        (#"{"password":"a-long-secret-pass"}"#, "Username is required"),
        (#"{"username":"a","password":"a-long-secret-pass"}"#, "Username must be between 2 and 64 characters"),
        (#"{"username":"\#(String(repeating: "a", count: 65))","password":"a-long-secret-pass"}"#, "Username must be between 2 and 64 characters"),
        (#"{"username":"bad name","password":"a-long-secret-pass"}"#, "Username can only contain lowercase letters, numbers, dots, hyphens and underscores"),
        (#"{"username":"root"}"#, "Password is required"),
        (#"{"username":"root","password":"elevenchars"}"#, "Password must be at least 12 characters"),
        (#"{"username":"root","password":"change-me-on-first-login"}"#, "That password is too common. Please choose a different one."),
    ])
    func setupValidation(body: String, message: String) async throws {
        let app = try await TestApplication()
        try await F.sql(app, "DELETE FROM users")
        try await app.test { client in
            let response = try await F.send(client, .post, "/api/setup", Self.json, body)
            #expect(response.status == .badRequest)
            #expect(response.json["error"] as? String == message)
        }
    }

    @Test func setupAcceptsTwoAnd64CharacterNames() async throws {
        for name in ["ab", String(repeating: "b", count: 64)] {
            let app = try await TestApplication()
            try await F.sql(app, "DELETE FROM users")
            try await app.test { client in
                let response = try await F.send(
                    client, .post, "/api/setup", Self.json, #"{"username":"\#(name)","password":"a-long-secret-pass"}"#)
                #expect(response.status == .ok)
            }
        }
    }

    @Test func rotationReplacesTheEnvironmentKey() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let before = try await F.send(client, .get, "/api/tokens/rotate", F.admin)
            #expect(before.json["source"] as? String == "environment")
            #expect(before.json["configured"] as? Bool == true)
            #expect(before.json["masked_key"] as? String == SecretToken.masked(TestApplication.globalKey))

            let rotated = try await F.send(client, .post, "/api/tokens/rotate", F.admin)
            #expect(rotated.status == .ok)
            let key = try #require(rotated.json["key"] as? String)
            #expect(key.hasPrefix("mc_") && key.count == 51)
            #expect(rotated.json["rotated_by"] as? String == "api")
            #expect(rotated.json["masked_key"] as? String == SecretToken.masked(key))

            // The environment key stops working at once; the new one works.
            #expect(try await F.send(client, .get, "/api/tokens/rotate", F.admin).status == .unauthorized)
            let newHeaders: HTTPFields = [F.apiKeyHeader: key]
            let after = try await F.send(client, .get, "/api/tokens/rotate", newHeaders)
            #expect(after.status == .ok)
            #expect(after.json["source"] as? String == "database")
            #expect(after.json["masked_key"] is NSNull)
            #expect(after.json["last_rotated_by"] as? String == "api")
        }
        let stored = try await app.dependencies.database.read { db in
            try String.fetchOne(db, sql: "SELECT detail FROM audit_log WHERE action = 'api_key_rotated'")
        }
        #expect(stored?.contains(#""old_source":"environment""#) == true)
        #expect(stored?.contains(TestApplication.globalKey) == false)
    }

    @Test func rotationStatusWithoutAnyKeyIsNone() async throws {
        let app = try await TestApplication(environment: ["API_KEY": ""])
        let (headers, _) = try await F.session(app, username: "admin", role: .admin)
        try await app.test { client in
            let status = try await F.send(client, .get, "/api/tokens/rotate", headers)
            #expect(status.json["source"] as? String == "none")
            #expect(status.json["configured"] as? Bool == false)
        }
    }

    @Test func operatorsCannotRotate() async throws {
        let app = try await TestApplication()
        let (headers, _) = try await F.session(app, username: "olga", role: .operator)
        try await app.test { client in
            let response = try await F.send(client, .post, "/api/tokens/rotate", headers)
            #expect(response.status == .forbidden)
        }
    }
}
