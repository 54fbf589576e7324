import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `/api/auth/access-requests` and `/api/auth/google/disconnect`.
@Suite struct AccessRequestRoutesTests {
    /// Inserts a pending Google access request; returns its id.
    @discardableResult
    static func request(
        _ app: TestApplication, email: String, sub: String = "sub-1", name: String? = "Jane Doe",
        status: String = "pending",
        lastAttempt: Int64 = 1_000
    ) async throws -> Int64 {
        try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO access_requests (email, provider_user_id, display_name, avatar_url, status, last_attempt_at)
                    VALUES (?, ?, ?, 'https://pic', ?, ?)
                    """,
                arguments: [email, sub, name, status, lastAttempt])
            return db.lastInsertedRowID
        }
    }

    static func review(_ client: any TestClientProtocol, _ body: String, headers: HTTPFields = AdminFixtures.admin)
        async throws -> TestResponse
    {
        try await AdminFixtures.send(client, .post, "/api/auth/access-requests", headers, body)
    }

    @Test func listsPendingFirstAndFiltersByStatus() async throws {
        let app = try await TestApplication()
        let old = try await Self.request(app, email: "old@example.com", status: "pending", lastAttempt: 100)
        let recent = try await Self.request(app, email: "recent@example.com", status: "rejected", lastAttempt: 900)
        let newest = try await Self.request(app, email: "new@example.com", status: "pending", lastAttempt: 500)
        try await app.test { client in
            let all = try await AdminFixtures.send(client, .get, "/api/auth/access-requests", AdminFixtures.admin)
            #expect(all.status == .ok)
            let rows = try #require(all.json["requests"] as? [[String: Any]])
            #expect(rows.compactMap { ($0["id"] as? Int).map(Int64.init) } == [newest, old, recent])
            let first = try #require(rows.first)
            #expect(
                Set(first.keys) == [
                    "id", "provider", "email", "provider_user_id", "display_name", "avatar_url", "status",
                    "requested_at",
                    "last_attempt_at", "attempt_count", "reviewed_by", "reviewed_at", "review_note", "approved_user_id",
                ])
            let rejected = try await AdminFixtures.send(
                client, .get, "/api/auth/access-requests?status=rejected", AdminFixtures.admin)
            #expect(
                (rejected.json["requests"] as? [[String: Any]])?.map { $0["email"] as? String } == [
                    "recent@example.com"
                ])
            let unknown = try await AdminFixtures.send(
                client, .get, "/api/auth/access-requests?status=bogus", AdminFixtures.admin)
            #expect(unknown.text == #"{"requests":[]}"#)
        }
    }

    @Test func nonAdminsAreRefused() async throws {
        let app = try await TestApplication()
        let (cookie, _) = try await AdminFixtures.session(app, username: "op", role: .operator)
        try await app.test { client in
            for method in [HTTPRequest.Method.get, .post] {
                let response = try await AdminFixtures.send(client, method, "/api/auth/access-requests", cookie, "{}")
                #expect(response.status == .forbidden)
                #expect(response.text == #"{"error":"Requires admin role or higher"}"#)
            }
        }
    }

    @Test func approvingCreatesAGoogleUserWithADerivedUsernameAndNoPassword() async throws {
        let app = try await TestApplication()
        let id = try await Self.request(app, email: "Jane.Doe@example.com")
        try await GoogleSignInTests.user(app, "jane.doe", provider: "local", email: "someone-else@example.com")
        try await app.test { client in
            let response = try await Self.review(
                client, #"{"request_id":\#(id),"action":"approve","role":"operator","note":"welcome"}"#)
            #expect(response.status == .ok)
            #expect(response.json["ok"] as? Bool == true)
            let user = try #require(response.json["user"] as? [String: Any])
            #expect(user["username"] as? String == "jane.doe-1")
            #expect(user["display_name"] as? String == "Jane Doe")
            #expect(user["role"] as? String == "operator")
            #expect(user["provider"] as? String == "google")
            #expect(user["email"] as? String == "jane.doe@example.com")
            #expect(user["avatar_url"] as? String == "https://pic")
            #expect(user["is_approved"] as? Int == 1)
            #expect(
                Set(user.keys) == [
                    "id", "username", "display_name", "role", "provider", "email", "avatar_url", "is_approved",
                ])
            let userID = try #require(user["id"] as? Int)
            let row = try await IntegrationFixtures.row(
                app,
                """
                SELECT u.password_hash, u.provider_user_id, u.approved_by, u.workspace_id, r.status, r.reviewed_by,
                       r.review_note, r.approved_user_id
                FROM users u, access_requests r WHERE u.id = ? AND r.id = ?
                """, [userID, id])
            #expect(row["password_hash"] == "")
            #expect(row["provider_user_id"] == "sub-1")
            #expect(row["approved_by"] == "api")
            #expect(row["workspace_id"] == "1")
            #expect(row["status"] == "approved")
            #expect(row["reviewed_by"] == "api")
            #expect(row["review_note"] == "welcome")
            #expect(row["approved_user_id"] == String(userID))
            #expect(
                try await AdminFixtures.count(
                    app, "SELECT COUNT(*) FROM audit_log WHERE action = 'access_request_approved'") == 1)
        }
    }

    @Test func approvingUpgradesAnExistingGoogleUserAndDefaultsToViewer() async throws {
        let app = try await TestApplication()
        let userID = try await GoogleSignInTests.user(
            app, "jane", provider: "google", sub: "sub-1", email: "other@example.com", approved: false)
        let id = try await Self.request(app, email: "jane.doe@example.com", sub: "sub-1")
        try await app.test { client in
            let response = try await Self.review(client, #"{"request_id":\#(id),"action":"approve"}"#)
            #expect(response.status == .ok)
            let user = try #require(response.json["user"] as? [String: Any])
            #expect(user["id"] as? Int == Int(userID))
            #expect(user["username"] as? String == "jane")
            #expect(user["role"] as? String == "viewer")
            #expect(user["is_approved"] as? Int == 1)
            #expect(user["email"] as? String == "jane.doe@example.com")
            #expect(try await AdminFixtures.count(app, "SELECT COUNT(*) FROM users") == 2)
        }
    }

    @Test func rejectingRecordsTheReview() async throws {
        let app = try await TestApplication()
        let id = try await Self.request(app, email: "jane.doe@example.com")
        try await app.test { client in
            let response = try await Self.review(client, #"{"request_id":\#(id),"action":"reject","note":"no"}"#)
            #expect(response.status == .ok)
            #expect(response.text == #"{"ok":true}"#)
            let row = try await IntegrationFixtures.row(
                app, "SELECT status, reviewed_by, review_note, reviewed_at FROM access_requests")
            #expect(row["status"] == "rejected")
            #expect(row["reviewed_by"] == "api")
            #expect(row["review_note"] == "no")
            #expect(row["reviewed_at"] != "NULL")
            #expect(
                try await AdminFixtures.count(
                    app, "SELECT COUNT(*) FROM audit_log WHERE action = 'access_request_rejected'") == 1)
            #expect(try await AdminFixtures.count(app, "SELECT COUNT(*) FROM users") == 1)
        }
    }

    @Test func unknownRequestIs404() async throws {
        try await TestApplication().test { client in
            let response = try await Self.review(client, #"{"request_id":999,"action":"approve"}"#)
            #expect(response.status == .notFound)
            #expect(response.text == #"{"error":"Request not found"}"#)
        }
    }

    @Test func reviewsShareTheIdentityLimiterOf20PerMinute() async throws {
        try await TestApplication().test { client in
            for _ in 0..<20 {
                #expect(try await Self.review(client, #"{"request_id":999,"action":"reject"}"#).status == .notFound)
            }
            let refused = try await Self.review(client, #"{"request_id":999,"action":"reject"}"#)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text == #"{"error":"Too many identity or credential changes. Try again in a minute."}"#)
        }
    }

    @Test func invalidBodiesAre400WithDetails() async throws {
        try await TestApplication().test { client in
            let response = try await Self.review(client, #"{"request_id":"1","action":"accept","role":"owner"}"#)
            #expect(response.status == .badRequest)
            #expect(response.json["error"] as? String == "Validation failed")
            #expect(
                response.json["details"] as? [String] == [
                    "request_id: Invalid input: expected number, received string",
                    #"action: Invalid option: expected one of "approve"|"reject""#,
                    #"role: Invalid option: expected one of "admin"|"operator"|"viewer""#,
                ])
            let empty = try await Self.review(client, "{}")
            #expect(
                empty.json["details"] as? [String] == [
                    "request_id: Invalid input: expected number, received undefined",
                    #"action: Invalid option: expected one of "approve"|"reject""#,
                ])
        }
    }

    @Test func disconnectRefusesAccountsNotLinkedToGoogle() async throws {
        let app = try await TestApplication()
        let (cookie, _) = try await AdminFixtures.session(app, username: "local-user", role: .viewer)
        try await app.test { client in
            for headers in [cookie, AdminFixtures.admin] {
                let response = try await AdminFixtures.send(client, .post, "/api/auth/google/disconnect", headers)
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"error":"Account is not connected to Google"}"#)
            }
        }
    }

    @Test func disconnectRefusesAnAccountWithoutPassword() async throws {
        let app = try await TestApplication()
        try await GoogleSignInTests.user(
            app, "g", provider: "google", sub: "s", email: "g@example.com", passwordHash: "")
        let (cookie, _) = try await AdminFixtures.session(app, username: "g", role: .viewer)
        try await app.test { client in
            let response = try await AdminFixtures.send(client, .post, "/api/auth/google/disconnect", cookie)
            #expect(response.status == .badRequest)
            #expect(
                response.text
                    == #"{"error":"Cannot disconnect Google — no password set. Set a password first to avoid being locked out."}"#
            )
        }
    }

    @Test func disconnectTurnsTheAccountLocal() async throws {
        let app = try await TestApplication()
        let id = try await GoogleSignInTests.user(app, "g", provider: "google", sub: "s", email: "g@example.com")
        let (cookie, _) = try await AdminFixtures.session(app, username: "g", role: .viewer)
        try await app.test { client in
            let response = try await AdminFixtures.send(client, .post, "/api/auth/google/disconnect", cookie)
            #expect(response.status == .ok)
            #expect(response.text == #"{"ok":true}"#)
            let row = try await IntegrationFixtures.row(
                app, "SELECT provider, provider_user_id FROM users WHERE id = ?", [id])
            #expect(row["provider"] == "local")
            #expect(row["provider_user_id"] == "NULL")
            #expect(
                try await AdminFixtures.count(
                    app, "SELECT COUNT(*) FROM audit_log WHERE action = 'google_disconnect' AND actor = 'g'") == 1)
        }
    }
}
