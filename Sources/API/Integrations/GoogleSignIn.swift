import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Google sign-in after the token is verified (reference §3.7 steps 3–5) and disconnecting an
/// account from Google (§7.1).
struct GoogleSignIn: Sendable {
    let database: EventedDatabase

    /// What a sign-in attempt came to.
    enum Outcome: Sendable {
        /// No approved Google user yet: an access request was recorded for an admin to review.
        case pendingApproval
        /// Logged in: the user, the session token for the cookie and the session's tenant.
        case loggedIn(UserRecord, token: String, tenantID: Int64)
    }

    /// Logs in the approved Google user `profile` identifies, or records (or refreshes) its
    /// access request. Only users whose provider is already `google` are considered: a local
    /// account with the same e-mail is never taken over by someone holding that Google account.
    func signIn(_ profile: GoogleTokenVerifier.Profile, ip: String, userAgent: String?) async throws -> Outcome {
        try await database.write { db, events in
            let user = try Row.fetchOne(
                db,
                sql: """
                    SELECT \(UserRecord.columns) FROM users
                    WHERE provider = 'google' AND (provider_user_id = ? OR lower(email) = ?)
                    ORDER BY id LIMIT 1
                    """,
                arguments: [profile.subject, profile.email]
            ).map(UserRecord.init)
            guard let user, user.isApproved else {
                try AccessRequestStore.recordAttempt(db, profile: profile)
                try AuditLog.append(
                    db, events: &events, action: "google_login_pending_approval", actor: profile.email, actorID: nil,
                    detail: ["email": .string(profile.email), "sub": .string(profile.subject)], ipAddress: ip,
                    userAgent: userAgent, workspaceID: user?.workspaceID ?? 1)
                return .pendingApproval
            }
            let now = Int64(Date().timeIntervalSince1970)
            try db.execute(
                sql: """
                    UPDATE users SET provider = 'google', provider_user_id = ?, email = ?,
                        avatar_url = COALESCE(?, avatar_url), updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [profile.subject, profile.email, profile.picture, now, user.id])
            try db.execute(sql: "DELETE FROM user_sessions WHERE expires_at < unixepoch()")
            let session = try SessionIssuer.create(
                db, userID: user.id, workspaceID: user.workspaceID, ip: ip, userAgent: userAgent)
            try AuditLog.append(
                db, events: &events, action: "login_google", actor: user.username, actorID: user.id, ipAddress: ip,
                userAgent: userAgent, workspaceID: user.workspaceID)
            let updated = try UserRecord.find(db, id: user.id) ?? user
            return .loggedIn(updated, token: session.token, tenantID: session.tenantID)
        }
    }

    /// Turns the caller's Google-linked account back into a local one. Refused when the account
    /// has no password (it could never log in again).
    func disconnect(_ identity: Identity, ip: String, userAgent: String?) async throws {
        try await database.write { db, events in
            guard identity.userID > 0, let user = try UserRecord.find(db, id: identity.userID),
                user.provider == "google"
            else { throw APIError(.badRequest, "Account is not connected to Google") }
            guard !user.passwordHash.isEmpty else {
                throw APIError(
                    .badRequest,
                    "Cannot disconnect Google — no password set. Set a password first to avoid being locked out.")
            }
            try db.execute(
                sql: "UPDATE users SET provider = 'local', provider_user_id = NULL, updated_at = ? WHERE id = ?",
                arguments: [Int64(Date().timeIntervalSince1970), user.id])
            try AuditLog.append(
                db, events: &events, action: "google_disconnect", actor: user.username, actorID: user.id, ipAddress: ip,
                userAgent: userAgent, workspaceID: user.workspaceID)
        }
    }
}
