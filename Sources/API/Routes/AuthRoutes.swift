import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import MCShared

/// Login, logout and the caller's own account (reference §7.1).
struct AuthRoutes {
    let database: EventedDatabase
    let hasher: PasswordHasher

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .post, path: "/api/auth/login", access: .public, summary: "Log in with username and password; sets the session cookie", tag: "Auth", rateLimit: .init(policy: .login, key: .clientAddress))) { request, context in
            try await login(request, context)
        }
        routes.add(.init(method: .post, path: "/api/auth/logout", access: .public, summary: "End the current session and clear the cookie", tag: "Auth")) { request, context in
            try await logout(request, context)
        }
        routes.add(.init(method: .get, path: "/api/auth/me", access: .role(.viewer), summary: "The caller's account", tag: "Auth")) { _, context in
            let identity = try context.requireIdentity()
            guard identity.userID > 0, let user = try await database.read({ try UserRecord.find($0, id: identity.userID) }) else {
                return try jsonResponse(["user": Self.syntheticUser(identity)])
            }
            return try jsonResponse(["user": user.sessionJSON(tenantID: identity.tenantID)])
        }
        routes.add(.init(method: .patch, path: "/api/auth/me", access: .role(.viewer), summary: "Change the caller's display name or password", tag: "Auth")) { request, context in
            try await updateMe(request, context)
        }
    }

    private func login(_ request: Request, _ context: APIContext) async throws -> Response {
        let body = try await JSONBody.read(request)
        guard let username = try? body.string("username"), let password = try? body.string("password"),
            !username.isEmpty, !password.isEmpty
        else { throw APIError(.badRequest, "Username and password are required") }
        let (user, anyUsers) = try await database.read { db in
            (try UserRecord.find(db, username: username), try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM users)") ?? false)
        }
        guard anyUsers else {
            return try jsonResponse(
                ["error": "No admin account has been created yet", "code": "NO_USERS", "hint": "Visit /setup to create your admin account"],
                status: .unauthorized)
        }
        var failure: String?
        var verification = PasswordVerification.invalid
        if let user, user.provider == "local", user.isApproved {
            verification = await hasher.verify(password, against: user.passwordHash)
            if verification == .invalid { failure = "invalid_password" }
        } else {
            // Same work for unknown users as for known ones, so timing does not reveal names.
            await hasher.dummyVerify(password)
            failure = user == nil ? "user_not_found" : user?.provider != "local" ? "wrong_provider" : "not_approved"
        }
        let ip = context.clientAddress
        let userAgent = request.headers[.userAgent]
        guard let user, failure == nil else {
            let reason = failure ?? "invalid_password"
            try await database.write { db, events in
                let workspace = user?.workspaceID ?? 1
                try AuditLog.append(
                    db, events: &events, action: "login_failed", actor: username, actorID: user?.id,
                    detail: ["reason": .string(reason)], ipAddress: ip, userAgent: userAgent, workspaceID: workspace)
                try SecurityEventLog.append(
                    db, events: &events, type: "auth_failure", severity: "warning", source: "login",
                    detail: ["username": .string(username), "reason": .string(reason)], ipAddress: ip, workspaceID: workspace)
            }
            throw APIError(.unauthorized, "Invalid credentials")
        }
        let rehashed = verification == .validNeedsRehash ? try await hasher.hash(password) : nil
        let (token, tenantID) = try await database.write { db, events -> (String, Int64) in
            if let rehashed {
                try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [rehashed, user.id])
            }
            try db.execute(sql: "DELETE FROM user_sessions WHERE expires_at < unixepoch()")
            let session = try SessionIssuer.create(
                db, userID: user.id, workspaceID: user.workspaceID, ip: ip, userAgent: userAgent)
            try AuditLog.append(
                db, events: &events, action: "login", actor: user.username, actorID: user.id, ipAddress: ip,
                userAgent: userAgent, workspaceID: user.workspaceID)
            return session
        }
        var response = try jsonResponse(["user": user.sessionJSON(tenantID: tenantID)])
        response.setCookie(SessionCookie.issue(token: token, secure: context.isSecure))
        return response
    }

    private func logout(_ request: Request, _ context: APIContext) async throws -> Response {
        let token = request.cookies[SessionCookie.secureName]?.value ?? request.cookies[SessionCookie.name]?.value
        if let token, !token.isEmpty {
            let identity = context.identity
            let ip = context.clientAddress
            try await database.write { db, events in
                try db.execute(sql: "DELETE FROM user_sessions WHERE token = ?", arguments: [SecretToken.sha256Hex(token)])
                if let identity, identity.userID > 0 {
                    try AuditLog.append(
                        db, events: &events, action: "logout", actor: identity.username, actorID: identity.userID,
                        ipAddress: ip, workspaceID: identity.workspaceID)
                }
            }
        }
        var response = try jsonResponse(["ok": true])
        response.setCookie(SessionCookie.clear(secure: context.isSecure))
        return response
    }

    private func updateMe(_ request: Request, _ context: APIContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard identity.userID > 0 else { throw APIError(.forbidden, "API key users cannot change passwords") }
        let body = try await JSONBody.read(request)
        let displayName = try body.string("display_name")?.trimmingCharacters(in: .whitespacesAndNewlines)
        let newPassword = try body.string("new_password")
        let currentPassword = try body.string("current_password")
        if body.has("display_name"), displayName?.isEmpty ?? true { throw APIError(.badRequest, "Display name cannot be empty") }
        guard displayName != nil || newPassword != nil else { throw APIError(.badRequest, "No updates provided") }
        guard let user = try await database.read({ try UserRecord.find($0, id: identity.userID) }) else {
            throw APIError(.notFound, "User not found")
        }
        var verifiedHash: String?
        if let newPassword {
            guard let currentPassword, !currentPassword.isEmpty else { throw APIError(.badRequest, "Current password is required") }
            if let problem = PasswordPolicy.validate(newPassword, subject: "New password") { throw APIError(.badRequest, problem) }
            guard await hasher.verify(currentPassword, against: user.passwordHash) != .invalid else {
                throw APIError(.forbidden, "Current password is incorrect")
            }
            verifiedHash = try await hasher.hash(newPassword)
        }
        let newHash = verifiedHash
        let ip = context.clientAddress
        let (updated, token) = try await database.write { db, events -> (UserRecord?, String?) in
            var token: String?
            let now = Int64(Date().timeIntervalSince1970)
            if let displayName {
                try db.execute(sql: "UPDATE users SET display_name = ?, updated_at = ? WHERE id = ?", arguments: [displayName, now, user.id])
                try AuditLog.append(db, events: &events, action: "profile_update", actor: user.username, actorID: user.id, ipAddress: ip, workspaceID: user.workspaceID)
            }
            if let newHash {
                // A new password ends every session, this one included; the caller gets a fresh one.
                try db.execute(sql: "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", arguments: [newHash, now, user.id])
                try db.execute(sql: "DELETE FROM user_sessions WHERE user_id = ?", arguments: [user.id])
                token = try SessionIssuer.create(
                    db, userID: user.id, workspaceID: user.workspaceID, ip: ip, userAgent: nil, recordLogin: false
                ).token
                try AuditLog.append(db, events: &events, action: "password_change", actor: user.username, actorID: user.id, ipAddress: ip, workspaceID: user.workspaceID)
            }
            return (try UserRecord.find(db, id: user.id), token)
        }
        var response = try jsonResponse(["success": true, "user": updated?.sessionJSON(tenantID: identity.tenantID) ?? .null])
        if let token { response.setCookie(SessionCookie.issue(token: token, secure: context.isSecure)) }
        return response
    }

    /// The original's synthetic user for API-key callers.
    static func syntheticUser(_ identity: Identity) -> JSONValue {
        [
            "id": .number(Double(identity.userID)), "username": .string(identity.username),
            "display_name": .string(identity.displayName), "role": .string(identity.role.rawValue),
            "provider": .string(identity.provider), "email": .null, "avatar_url": .null,
            "workspace_id": .number(Double(identity.workspaceID)), "tenant_id": .number(Double(identity.tenantID)),
        ]
    }
}

extension APIContext {
    /// The caller, or 401.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError(.unauthorized, "Authentication required") }
        return identity
    }
}
