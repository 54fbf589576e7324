import Foundation
import GRDB

/// Creates session rows for everything that logs a user in: login, setup, and the fresh session
/// after a password change. Only the token's SHA-256 is stored; the caller sets the cookie.
enum SessionIssuer {
    /// Inserts a session for `userID` in the current transaction and returns the raw token;
    /// `recordLogin` also stamps `last_login_at`.
    static func create(
        _ db: Database, userID: Int64, workspaceID: Int64, ip: String?, userAgent: String?, recordLogin: Bool = true
    ) throws -> (token: String, tenantID: Int64) {
        let token = SecretToken.sessionToken()
        let now = Int64(Date().timeIntervalSince1970)
        let tenant = try Int64.fetchOne(db, sql: "SELECT tenant_id FROM workspaces WHERE id = ?", arguments: [workspaceID]) ?? 1
        try db.execute(
            sql: """
                INSERT INTO user_sessions (token, user_id, expires_at, created_at, ip_address, user_agent, workspace_id,
                                           tenant_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                SecretToken.sha256Hex(token), userID, now + SessionCookie.lifetime, now, ip, userAgent, workspaceID, tenant,
            ])
        if recordLogin {
            try db.execute(sql: "UPDATE users SET last_login_at = ?, updated_at = ? WHERE id = ?", arguments: [now, now, userID])
        }
        return (token, tenant)
    }
}
