import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `/api/auth/users`: CRUD, every refusal with its message, and sessions ending with access.
@Suite struct UserAdministrationTests {
    typealias F = AdminFixtures

    @Test func createListUpdateDelete() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let created = try await F.send(
                client, .post, "/api/auth/users", F.admin,
                #"{"username":"carol","password":"twelve-chars!","role":"viewer","email":"c@example.com"}"#)
            #expect(created.status == .created)
            let user = try #require(created.json["user"] as? [String: Any])
            #expect(user["username"] as? String == "carol")
            #expect(user["display_name"] as? String == "carol")
            #expect(user["role"] as? String == "viewer")
            #expect(user["is_approved"] as? Int == 1)
            let id = try #require(user["id"] as? Int)

            let list = try await F.send(client, .get, "/api/auth/users", F.admin)
            let names = (list.json["users"] as? [[String: Any]])?.compactMap { $0["username"] as? String }
            #expect(names == ["admin", "carol"])

            let updated = try await F.send(
                client, .put, "/api/auth/users", F.admin, #"{"id":\#(id),"role":"operator","display_name":"Carol"}"#)
            #expect(updated.status == .ok)
            #expect((updated.json["user"] as? [String: Any])?["role"] as? String == "operator")
            #expect((updated.json["user"] as? [String: Any])?["display_name"] as? String == "Carol")

            let deleted = try await F.send(client, .delete, "/api/auth/users", F.admin, #"{"id":\#(id)}"#)
            #expect(deleted.text == #"{"success":true}"#)
        }
        let actions = try await app.dependencies.database.read { db in
            try String.fetchAll(db, sql: "SELECT action FROM audit_log WHERE action LIKE 'user_%' ORDER BY id")
        }
        #expect(actions == ["user_create", "user_update", "user_delete"])
        let broadcast = try await F.count(app, "SELECT COUNT(*) FROM events WHERE type = 'audit.security'")
        #expect(broadcast == 3)
    }

    @Test(arguments: [
        (#"{"password":"twelve-chars!"}"#, "Username is required"),
        (#"{"username":"  ","password":"twelve-chars!"}"#, "Username is required"),
        (#"{"username":"dave"}"#, "Password is required"),
        (#"{"username":"dave","password":"elevenchars"}"#, "Password must be at least 12 characters"),
        (#"{"username":"dave","password":"twelve-chars!","role":"root"}"#, "Invalid role"),
        (#"{"username":"dave","password":"twelve-chars!","provider":"ldap"}"#, "Invalid provider"),
        (#"{"username":"\#(String(repeating: "a", count: 65))","password":"twelve-chars!"}"#, "Username must be at most 64 characters"),
    ])
    func createRefusesInvalidInput(body: String, message: String) async throws {
        try await TestApplication().test { client in
            let response = try await F.send(client, .post, "/api/auth/users", F.admin, body)
            #expect(response.status == .badRequest)
            #expect(response.json["error"] as? String == message)
        }
    }

    @Test func usernameOfExactly64AndPasswordOfExactly12AreAccepted() async throws {
        try await TestApplication().test { client in
            let body = #"{"username":"\#(String(repeating: "a", count: 64))","password":"123456789012"}"#
            let response = try await F.send(client, .post, "/api/auth/users", F.admin, body)
            #expect(response.status == .created)
        }
    }

    @Test func duplicateUsernameIs409() async throws {
        try await TestApplication().test { client in
            let response = try await F.send(
                client, .post, "/api/auth/users", F.admin, #"{"username":"admin","password":"twelve-chars!"}"#)
            #expect(response.status == .conflict)
            #expect(response.text == #"{"error":"Username already exists"}"#)
        }
    }

    @Test func nonAdminsAreRefused() async throws {
        let app = try await TestApplication()
        let (operatorHeaders, _) = try await F.session(app, username: "olga", role: .operator)
        try await app.test { client in
            let response = try await F.send(client, .get, "/api/auth/users", operatorHeaders)
            #expect(response.status == .forbidden)
            #expect(response.text == #"{"error":"Requires admin role or higher"}"#)
        }
    }

    @Test func adminCannotChangeOwnRoleOrDeleteSelf() async throws {
        let app = try await TestApplication()
        let (headers, id) = try await F.session(app, username: "admin", role: .admin)
        try await app.test { client in
            let demote = try await F.send(client, .put, "/api/auth/users", headers, #"{"id":\#(id),"role":"viewer"}"#)
            #expect(demote.status == .badRequest)
            #expect(demote.text == #"{"error":"Cannot change your own role"}"#)
            // Restating the current role is not a change.
            let same = try await F.send(client, .put, "/api/auth/users", headers, #"{"id":\#(id),"role":"admin"}"#)
            #expect(same.status == .ok)
            let disable = try await F.send(client, .put, "/api/auth/users", headers, #"{"id":\#(id),"is_approved":false}"#)
            #expect(disable.status == .badRequest)
            #expect(disable.text == #"{"error":"Cannot disable your own account"}"#)
            let delete = try await F.send(client, .delete, "/api/auth/users", headers, #"{"id":\#(id)}"#)
            #expect(delete.status == .badRequest)
            #expect(delete.text == #"{"error":"Cannot delete your own account"}"#)
        }
    }

    @Test func updateAndDeleteMessages() async throws {
        let app = try await TestApplication()
        let (_, foreign) = try await F.session(app, username: "elsewhere", role: .viewer, workspace: 2)
        try await app.test { client in
            let cases: [(HTTPRequest.Method, String?, HTTPResponse.Status, String)] = [
                (.put, #"{"role":"viewer"}"#, .badRequest, "User ID is required"),
                (.put, #"{"id":1,"role":"boss"}"#, .badRequest, "Invalid role"),
                (.put, #"{"id":1,"password":"short"}"#, .badRequest, "Password must be at least 12 characters"),
                (.put, #"{"id":9999}"#, .notFound, "User not found"),
                (.put, #"{"id":\#(foreign),"role":"admin"}"#, .notFound, "User not found"),
                (.delete, nil, .badRequest, "Request body required"),
                (.delete, #"{}"#, .badRequest, "User ID is required"),
                (.delete, #"{"id":9999}"#, .notFound, "User not found"),
                (.delete, #"{"id":\#(foreign)}"#, .notFound, "User not found"),
            ]
            for (method, body, status, message) in cases {
                let response = try await F.send(client, method, "/api/auth/users", F.admin, body)
                #expect(response.status == status, "\(method) \(body ?? "")")
                #expect(response.json["error"] as? String == message, "\(method) \(body ?? "")")
            }
        }
        #expect(try await F.count(app, "SELECT COUNT(*) FROM users WHERE username = 'elsewhere' AND role = 'viewer'") == 1)
    }

    @Test(arguments: [
        #"{"id":ID,"is_approved":false}"#, #"{"id":ID,"password":"a-brand-new-password"}"#, "DELETE",
    ])
    func losingAccessEndsSessions(change: String) async throws {
        let app = try await TestApplication()
        let (victim, id) = try await F.session(app, username: "victor", role: .operator)
        try await app.test { client in
            #expect(try await F.send(client, .get, "/api/auth/me", victim).status == .ok)
            let response =
                change == "DELETE"
                ? try await F.send(client, .delete, "/api/auth/users", F.admin, #"{"id":\#(id)}"#)
                : try await F.send(client, .put, "/api/auth/users", F.admin, change.replacingOccurrences(of: "ID", with: "\(id)"))
            #expect(response.status == .ok)
            #expect(try await F.send(client, .get, "/api/auth/me", victim).status == .unauthorized)
        }
        #expect(try await F.count(app, "SELECT COUNT(*) FROM user_sessions WHERE user_id = ?", [id]) == 0)
    }

    @Test func profileChangesKeepSessions() async throws {
        let app = try await TestApplication()
        let (user, id) = try await F.session(app, username: "paula", role: .viewer)
        try await app.test { client in
            let response = try await F.send(client, .put, "/api/auth/users", F.admin, #"{"id":\#(id),"display_name":"Paula P"}"#)
            #expect(response.status == .ok)
            #expect(try await F.send(client, .get, "/api/auth/me", user).status == .ok)
        }
    }
}
