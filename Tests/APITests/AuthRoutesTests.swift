import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// Login, logout, the session cookie and API keys against the real application.
@Suite struct AuthRoutesTests {
    static func login(_ client: any TestClientProtocol, password: String = TestApplication.adminPassword) async throws
        -> TestResponse
    {
        try await client.execute(
            uri: "/api/auth/login", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"username":"admin","password":"\#(password)"}"#))
    }

    /// The `name=value` part of the response's session cookie.
    static func sessionCookie(_ response: TestResponse) -> String? {
        response.headers[.setCookie]?.split(separator: ";").first.map(String.init)
    }

    @Test func loginSetsAStrictHttpOnlyCookieAndMeReturnsTheUser() async throws {
        try await TestApplication().test { client in
            let response = try await Self.login(client)
            #expect(response.status == .ok)
            let user = response.json["user"] as? [String: Any]
            #expect(user?["username"] as? String == "admin")
            #expect(user?["role"] as? String == "admin")
            #expect(user?["display_name"] as? String == "Admin")
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.hasPrefix("mc-session="))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(setCookie.contains("Max-Age=604800"))
            let cookie = try #require(Self.sessionCookie(response))
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: cookie]) { me in
                #expect(me.status == .ok)
                #expect((me.json["user"] as? [String: Any])?["username"] as? String == "admin")
            }
        }
    }

    @Test func wrongPasswordIs401AndAudited() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let response = try await Self.login(client, password: "not-the-password")
            #expect(response.status == .unauthorized)
            #expect(response.text == #"{"error":"Invalid credentials"}"#)
            #expect(response.headers[.setCookie] == nil)
        }
        let (audits, securityEvents) = try await app.dependencies.database.read { db in
            (
                try String.fetchAll(db, sql: "SELECT action FROM audit_log WHERE action = 'login_failed'"),
                try String.fetchAll(db, sql: "SELECT event_type FROM security_events")
            )
        }
        #expect(audits == ["login_failed"])
        #expect(securityEvents == ["auth_failure"])
    }

    @Test(arguments: [#"{}"#, #"{"username":"admin"}"#, #"{"username":"","password":"x"}"#])
    func missingCredentialsAre400(body: String) async throws {
        try await TestApplication().test { client in
            try await client.execute(uri: "/api/auth/login", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"error":"Username and password are required"}"#)
            }
        }
    }

    @Test func malformedJSONIs400() async throws {
        try await TestApplication().test { client in
            try await client.execute(uri: "/api/auth/login", method: .post, body: ByteBuffer(string: "{nope")) { response in
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"error":"Invalid request body"}"#)
            }
        }
    }

    @Test func logoutEndsTheSessionAndClearsTheCookie() async throws {
        try await TestApplication().test { client in
            let cookie = try #require(Self.sessionCookie(try await Self.login(client)))
            try await client.execute(uri: "/api/auth/logout", method: .post, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.text == #"{"error":"Authentication required"}"#)
            }
        }
    }

    @Test func expiredSessionDoesNotAuthenticate() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let cookie = try #require(Self.sessionCookie(try await Self.login(client)))
            try await app.dependencies.database.pool.write { db in
                try db.execute(sql: "UPDATE user_sessions SET expires_at = unixepoch() - 1")
            }
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func legacyCookieNameNeverAuthenticates() async throws {
        try await TestApplication().test { client in
            let cookie = try #require(Self.sessionCookie(try await Self.login(client)))
            let legacy = cookie.replacingOccurrences(of: "mc-session=", with: "mission-control-auth=")
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: legacy]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: ["x-api-key", "Bearer", "ApiKey", "Token"])
    func globalKeyAuthenticatesAsTheSyntheticAdmin(scheme: String) async throws {
        try await TestApplication().test { client in
            var headers = HTTPFields()
            if scheme == "x-api-key" {
                headers[HTTPField.Name("x-api-key")!] = TestApplication.globalKey
            } else {
                headers[.authorization] = "\(scheme) \(TestApplication.globalKey)"
            }
            try await client.execute(uri: "/api/auth/me", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                let user = response.json["user"] as? [String: Any]
                #expect(user?["id"] as? Int == 0)
                #expect(user?["username"] as? String == "api")
                #expect(user?["role"] as? String == "admin")
            }
            try await client.execute(
                uri: "/api/auth/me", method: .get, headers: [HTTPField.Name("x-api-key")!: "wrong-key"]
            ) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func passwordChangeNeedsTheCurrentPasswordAndRenewsTheSession() async throws {
        try await TestApplication().test { client in
            let cookie = try #require(Self.sessionCookie(try await Self.login(client)))
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/json"]
            try await client.execute(
                uri: "/api/auth/me", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"new_password":"short"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"error":"Current password is required"}"#)
            }
            try await client.execute(
                uri: "/api/auth/me", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"current_password":"\#(TestApplication.adminPassword)","new_password":"short"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("at least 12 characters"))
            }
            try await client.execute(
                uri: "/api/auth/me", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"current_password":"wrong-password-here","new_password":"another-long-password"}"#)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.text == #"{"error":"Current password is incorrect"}"#)
            }
            let changed = try await client.execute(
                uri: "/api/auth/me", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"current_password":"\#(TestApplication.adminPassword)","new_password":"another-long-password"}"#))
            #expect(changed.status == .ok)
            let renewed = try #require(Self.sessionCookie(changed))
            #expect(renewed != cookie)
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .unauthorized, "the old session ends with the password change")
            }
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: renewed]) { response in
                #expect(response.status == .ok)
            }
            #expect(try await Self.login(client, password: "another-long-password").status == .ok)
        }
    }
}
