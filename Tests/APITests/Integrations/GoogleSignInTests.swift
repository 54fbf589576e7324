import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `POST /api/auth/google` against a fake tokeninfo endpoint.
@Suite struct GoogleSignInTests {
    static let clientID = "client-1.apps.googleusercontent.com"

    /// Tokeninfo answers by token: `good` is Jane (sub-1), the others fail one check each.
    static let tokenInfo: FakeUpstream.Responder = { request in
        let identity =
            #""sub":"sub-1","email":"Jane.Doe@Example.com","email_verified":"true","name":"Jane Doe","picture":"https://pic/jane""#
        switch request.query("id_token") {
        case "good": return (200, #"{"aud":"\#(clientID)",\#(identity)}"#)
        case "bool-verified":
            return (200, #"{"aud":"\#(clientID)","sub":"sub-9","email":"nine@example.com","email_verified":true}"#)
        case "wrong-aud": return (200, #"{"aud":"someone-else",\#(identity)}"#)
        case "unverified":
            return (
                200, #"{"aud":"\#(clientID)","sub":"sub-1","email":"jane.doe@example.com","email_verified":"false"}"#
            )
        case "no-email": return (200, #"{"aud":"\#(clientID)","sub":"sub-1","email_verified":"true"}"#)
        case "no-sub": return (200, #"{"aud":"\#(clientID)","email":"jane.doe@example.com","email_verified":"true"}"#)
        case "not-json": return (200, "<html>")
        default: return (400, #"{"error":"invalid_token","error_description":"Invalid Value"}"#)
        }
    }

    /// Runs `body` with an app whose tokeninfo URL points at the fake.
    static func withGoogle(
        clientID: String? = clientID,
        _ body: @escaping @Sendable (TestApplication, any TestClientProtocol, FakeUpstream) async throws -> Void
    ) async throws {
        try await FakeUpstream.run(tokenInfo) { base, upstream in
            var environment = ["MC_GOOGLE_TOKENINFO_URL": base + "/tokeninfo"]
            if let clientID { environment["GOOGLE_CLIENT_ID"] = clientID }
            let app = try await TestApplication(environment: environment)
            try await app.test { client in try await body(app, client, upstream) }
        }
    }

    static func signIn(_ client: any TestClientProtocol, _ credential: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/auth/google", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"credential":"\#(credential)"}"#))
    }

    /// Inserts a user; returns its id.
    @discardableResult
    static func user(
        _ app: TestApplication, _ username: String, provider: String, sub: String? = nil, email: String?,
        approved: Bool = true, passwordHash: String = "x"
    ) async throws -> Int64 {
        try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO users (username, display_name, password_hash, role, provider, provider_user_id, email,
                                       is_approved)
                    VALUES (?, ?, ?, 'operator', ?, ?, ?, ?)
                    """,
                arguments: [username, username, passwordHash, provider, sub, email, approved ? 1 : 0])
            return db.lastInsertedRowID
        }
    }

    @Test func refusedWhenNoClientIDIsConfigured() async throws {
        try await Self.withGoogle(clientID: nil) { _, client, upstream in
            let response = try await Self.signIn(client, "good")
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"Google sign-in is not configured"}"#)
            #expect(upstream.requests.isEmpty)
        }
    }

    @Test(arguments: [#"{}"#, #"{"credential":"  "}"#, "not json"])
    func missingCredentialIs400(body: String) async throws {
        try await Self.withGoogle { _, client, _ in
            try await client.execute(uri: "/api/auth/google", method: .post, body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"error":"Missing Google credential"}"#)
            }
        }
    }

    @Test(arguments: [
        ("wrong-aud", "Google token audience mismatch"), ("unverified", "Google email is not verified"),
        ("no-email", "Google token missing required identity fields"),
        ("no-sub", "Google token missing required identity fields"), ("expired", "Invalid Google token"),
        ("not-json", "Invalid Google token"),
    ])
    func tokenRefusalsAre400WithTheOriginalMessages(token: String, message: String) async throws {
        try await Self.withGoogle { _, client, _ in
            let response = try await Self.signIn(client, token)
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"\#(message)"}"#)
        }
    }

    @Test func unreachableTokenInfoIs502() async throws {
        let app = try await TestApplication(environment: [
            "GOOGLE_CLIENT_ID": Self.clientID, "MC_GOOGLE_TOKENINFO_URL": "http://127.0.0.1:1/tokeninfo",
        ])
        try await app.test { client in
            let response = try await Self.signIn(client, "good")
            #expect(response.status == .badGateway)
            #expect(response.text == #"{"error":"Could not reach Google to verify the token"}"#)
        }
    }

    @Test func unknownUserGetsPendingApprovalAndAnAccessRequestThatCountsAttempts() async throws {
        try await Self.withGoogle { app, client, upstream in
            let first = try await Self.signIn(client, "good")
            #expect(first.status == .forbidden)
            #expect(first.text == #"{"code":"PENDING_APPROVAL","error":"Access request pending admin approval"}"#)
            #expect(first.headers[.setCookie] == nil)
            let request = try #require(upstream.requests.first)
            #expect(request.method == "GET" && request.path == "/tokeninfo" && request.query("id_token") == "good")
            _ = try await Self.signIn(client, "good")
            let row = try await IntegrationFixtures.row(
                app,
                "SELECT email, provider, provider_user_id, display_name, avatar_url, status, attempt_count FROM access_requests"
            )
            #expect(row["email"] == "jane.doe@example.com")
            #expect(row["provider"] == "google")
            #expect(row["provider_user_id"] == "sub-1")
            #expect(row["display_name"] == "Jane Doe")
            #expect(row["avatar_url"] == "https://pic/jane")
            #expect(row["status"] == "pending")
            #expect(row["attempt_count"] == "2")
            let audits = try await AdminFixtures.count(
                app,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'google_login_pending_approval' AND actor = 'jane.doe@example.com'"
            )
            #expect(audits == 2)
        }
    }

    @Test func aRejectedRequestGoesBackToPendingOnTheNextAttempt() async throws {
        try await Self.withGoogle { app, client, _ in
            _ = try await Self.signIn(client, "good")
            try await AdminFixtures.sql(app, "UPDATE access_requests SET status = 'rejected'")
            _ = try await Self.signIn(client, "good")
            #expect(
                try await AdminFixtures.count(app, "SELECT COUNT(*) FROM access_requests WHERE status = 'pending'") == 1
            )
        }
    }

    @Test func aLocalUserWithTheSameEmailIsNeverLinked() async throws {
        try await Self.withGoogle { app, client, _ in
            let id = try await Self.user(app, "jane", provider: "local", email: "jane.doe@example.com")
            let response = try await Self.signIn(client, "good")
            #expect(response.status == .forbidden)
            #expect(response.json["code"] as? String == "PENDING_APPROVAL")
            let provider = try await app.dependencies.database.read { db in
                try String.fetchOne(db, sql: "SELECT provider FROM users WHERE id = ?", arguments: [id])
            }
            #expect(provider == "local")
            #expect(
                try await AdminFixtures.count(app, "SELECT COUNT(*) FROM user_sessions WHERE user_id = ?", [id]) == 0)
        }
    }

    @Test func anUnapprovedGoogleUserIsPending() async throws {
        try await Self.withGoogle { app, client, _ in
            try await Self.user(
                app, "jane", provider: "google", sub: "sub-1", email: "jane.doe@example.com", approved: false)
            let response = try await Self.signIn(client, "good")
            #expect(response.status == .forbidden)
            #expect(try await AdminFixtures.count(app, "SELECT COUNT(*) FROM access_requests") == 1)
        }
    }

    @Test func anApprovedGoogleUserIsLoggedInWithASessionCookie() async throws {
        try await Self.withGoogle { app, client, _ in
            // Found by e-mail (case-insensitively) although the subject is not stored yet.
            let id = try await Self.user(app, "jane", provider: "google", email: "JANE.DOE@example.com")
            let response = try await Self.signIn(client, "good")
            #expect(response.status == .ok)
            let user = try #require(response.json["user"] as? [String: Any])
            #expect(user["id"] as? Int == Int(id))
            #expect(user["username"] as? String == "jane")
            #expect(user["provider"] as? String == "google")
            #expect(user["email"] as? String == "jane.doe@example.com")
            #expect(user["avatar_url"] as? String == "https://pic/jane")
            #expect(user["workspace_id"] as? Int == 1 && user["tenant_id"] as? Int == 1)
            let setCookie = try #require(response.headers[.setCookie])
            #expect(
                setCookie.hasPrefix("mc-session=") && setCookie.contains("HttpOnly")
                    && setCookie.contains("SameSite=Strict"))
            #expect(setCookie.contains("Max-Age=604800"))
            let cookie = try #require(AuthRoutesTests.sessionCookie(response))
            let me = try await client.execute(uri: "/api/auth/me", method: .get, headers: [.cookie: cookie])
            #expect((me.json["user"] as? [String: Any])?["username"] as? String == "jane")
            let row = try await IntegrationFixtures.row(
                app, "SELECT provider_user_id, last_login_at FROM users WHERE id = ?", [id])
            #expect(row["provider_user_id"] == "sub-1")
            #expect(row["last_login_at"] != "NULL")
            #expect(
                try await AdminFixtures.count(
                    app, "SELECT COUNT(*) FROM audit_log WHERE action = 'login_google' AND actor = 'jane'") == 1)
        }
    }

    @Test func aBooleanEmailVerifiedIsAccepted() async throws {
        try await Self.withGoogle { app, client, _ in
            try await Self.user(app, "nine", provider: "google", sub: "sub-9", email: "nine@example.com")
            #expect(try await Self.signIn(client, "bool-verified").status == .ok)
        }
    }

    @Test func theLoginLimiterIsSharedWithPasswordLogin() async throws {
        try await Self.withGoogle { _, client, _ in
            for _ in 0..<3 { #expect(try await AuthRoutesTests.login(client).status == .ok) }
            for _ in 0..<2 { #expect(try await Self.signIn(client, "expired").status == .badRequest) }
            let refused = try await Self.signIn(client, "expired")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text == #"{"error":"Too many login attempts. Try again in a minute."}"#)
            #expect(try await AuthRoutesTests.login(client).status == .tooManyRequests)
        }
    }

    @Test func signInAfterApprovalWorksEndToEnd() async throws {
        try await Self.withGoogle { app, client, _ in
            #expect(try await Self.signIn(client, "good").status == .forbidden)
            let id = try await app.dependencies.database.read { db in
                try Int64.fetchOne(db, sql: "SELECT id FROM access_requests")
            }
            let approval = try await AdminFixtures.send(
                client, .post, "/api/auth/access-requests", AdminFixtures.admin,
                #"{"request_id":\#(id ?? 0),"action":"approve","role":"operator"}"#)
            #expect(approval.status == .ok)
            let response = try await Self.signIn(client, "good")
            #expect(response.status == .ok)
            let user = try #require(response.json["user"] as? [String: Any])
            #expect(user["username"] as? String == "jane.doe")
            #expect(user["role"] as? String == "operator")
        }
    }
}
