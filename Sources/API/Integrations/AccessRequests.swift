import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Admin review of Google access requests (reference §7.1 `/api/auth/access-requests`).
struct AccessRequests: Sendable {
    let database: EventedDatabase

    /// Statuses the list can be filtered by (`all` is every status).
    static let statuses: Set<String> = ["all", "pending", "approved", "rejected"]

    /// A validated `POST` body: the original's zod schema `{request_id: number, action:
    /// 'approve'|'reject', role = 'viewer', note?: string}`.
    struct Review: Sendable {
        var requestID: Double
        var approve: Bool
        var role: Role
        var note: String?

        init(_ body: JSONBody) throws {
            var check = FieldValidator(body.fields)
            let requestID = check.number("request_id", required: true)
            let action = check.option("action", ["approve", "reject"], required: true)
            let role = check.option("role", ["admin", "operator", "viewer"])
            let note = check.string("note")
            try check.check()
            self.requestID = requestID ?? 0
            self.approve = action == "approve"
            self.role = role.flatMap(Role.init(rawValue:)) ?? .viewer
            self.note = note
        }
    }

    /// Every request with `status`.
    func list(status: String) async throws -> [JSONValue] {
        try await database.read { db in try AccessRequestStore.list(db, status: status).map(\.json) }
    }

    /// Rejects a request (nil), or approves it and returns the user it now lets in: the
    /// admin's workspace's user with that e-mail or Google subject is switched to Google,
    /// approved and given `role`; otherwise a new Google user is created with a username
    /// derived from the e-mail and no password (it signs in with Google only).
    func review(_ review: Review, by admin: Identity, ip: String) async throws -> JSONValue? {
        try await database.write { db, events in
            guard let id = Int64(exactly: review.requestID), let request = try AccessRequestStore.find(db, id: id)
            else {
                throw APIError(.notFound, "Request not found")
            }
            let note: JSONValue = review.note.map(JSONValue.string) ?? .null
            guard review.approve else {
                try AccessRequestStore.markReviewed(
                    db, id: id, status: "rejected", reviewer: admin.username, note: review.note)
                try AuditLog.append(
                    db, events: &events, action: "access_request_rejected", actor: admin.username,
                    actorID: admin.userID,
                    detail: ["request_id": .number(Double(id)), "email": .string(request.email), "note": note],
                    ipAddress: ip, workspaceID: admin.workspaceID)
                return nil
            }
            let userID = try approve(db, request, role: review.role, admin: admin)
            try AccessRequestStore.markReviewed(
                db, id: id, status: "approved", reviewer: admin.username, note: review.note, approvedUserID: userID)
            try AuditLog.append(
                db, events: &events, action: "access_request_approved", actor: admin.username, actorID: admin.userID,
                targetType: "user", targetID: userID,
                detail: [
                    "request_id": .number(Double(id)), "email": .string(request.email.lowercased()),
                    "role": .string(review.role.rawValue), "user_id": .number(Double(userID)), "note": note,
                ], ipAddress: ip, workspaceID: admin.workspaceID)
            guard let user = try UserRecord.find(db, id: userID) else { throw APIError(.notFound, "User not found") }
            return [
                "id": .number(Double(user.id)), "username": .string(user.username),
                "display_name": .string(user.displayName), "role": .string(user.role.rawValue),
                "provider": .string(user.provider), "email": user.email.map(JSONValue.string) ?? .null,
                "avatar_url": user.avatarURL.map(JSONValue.string) ?? .null,
                "is_approved": .number(user.isApproved ? 1 : 0),
            ]
        }
    }

    /// Upgrades or creates the user for an approved request; returns its id.
    private func approve(_ db: Database, _ request: AccessRequestStore.Request, role: Role, admin: Identity) throws
        -> Int64
    {
        let email = request.email.lowercased()
        let now = Int64(Date().timeIntervalSince1970)
        // Only the admin's own workspace: another workspace's account is not theirs to change.
        let existing = try Row.fetchOne(
            db,
            sql: """
                SELECT \(UserRecord.columns) FROM users
                WHERE workspace_id = ? AND (lower(email) = ? OR (provider = 'google' AND provider_user_id = ?))
                ORDER BY id LIMIT 1
                """,
            arguments: [admin.workspaceID, email, request.providerUserID ?? ""]
        ).map(UserRecord.init)
        if let existing {
            if existing.id == admin.userID, existing.role != role {
                throw APIError(.badRequest, "Cannot change your own role")
            }
            try db.execute(
                sql: """
                    UPDATE users SET provider = 'google', provider_user_id = ?, email = ?,
                        avatar_url = COALESCE(?, avatar_url), is_approved = 1, role = ?, approved_by = ?,
                        approved_at = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    request.providerUserID, email, request.avatarURL, role.rawValue, admin.username, now, now,
                    existing.id,
                ])
            return existing.id
        }
        let username = try AccessRequestUsername.unique(AccessRequestUsername.base(fromEmail: email)) { candidate in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM users WHERE username = ?)", arguments: [candidate])
                ?? false
        }
        let displayName = request.displayName ?? email.split(separator: "@").first.map(String.init) ?? "Google User"
        // An empty password hash matches no password: the account signs in with Google only,
        // and disconnecting it from Google is refused until an admin sets a password.
        try db.execute(
            sql: """
                INSERT INTO users (username, display_name, password_hash, role, provider, provider_user_id, email,
                                   avatar_url, is_approved, approved_by, approved_at, workspace_id, created_at, updated_at)
                VALUES (?, ?, '', ?, 'google', ?, ?, ?, 1, ?, ?, ?, ?, ?)
                """,
            arguments: [
                username, displayName, role.rawValue, request.providerUserID, email, request.avatarURL, admin.username,
                now,
                admin.workspaceID, now, now,
            ])
        return db.lastInsertedRowID
    }
}
