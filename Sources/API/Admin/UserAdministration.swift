import Foundation
import GRDB
import HTTPTypes
import MCShared

/// User lifecycle for admins (reference §7.1 `/api/auth/users`): validation with the original's
/// messages, the writes, their audit rows, and the rule that losing access (delete, disable,
/// password set by an admin) ends every session of that user at once.
struct UserAdministration: Sendable {
    let database: EventedDatabase
    let hasher: PasswordHasher

    /// Longest accepted username, as the setup wizard's rule.
    static let maximumUsernameLength = 64

    /// A validated `POST /api/auth/users` body.
    struct NewUser: Sendable {
        var username: String
        var password: String
        var displayName: String
        var role: Role
        var provider: String
        var email: String?

        init(_ body: JSONBody) throws {
            let username = try body.string("username")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !username.isEmpty else { throw APIError(.badRequest, "Username is required") }
            guard username.count <= maximumUsernameLength else {
                throw APIError(.badRequest, "Username must be at most \(maximumUsernameLength) characters")
            }
            guard let password = try body.string("password"), !password.isEmpty else {
                throw APIError(.badRequest, "Password is required")
            }
            if let problem = PasswordPolicy.validate(password) { throw APIError(.badRequest, problem) }
            let role = try body.string("role").map(UserAdministration.role) ?? .operator
            let provider = try body.string("provider") ?? "local"
            guard ["local", "google"].contains(provider) else { throw APIError(.badRequest, "Invalid provider") }
            let displayName = try body.string("display_name")?.trimmingCharacters(in: .whitespacesAndNewlines)
            self.username = username
            self.password = password
            self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 } ?? username
            self.role = role
            self.provider = provider
            self.email = try body.string("email")
        }
    }

    /// The role named `value`, or 400 "Invalid role".
    static func role(_ value: String) throws -> Role {
        guard let role = Role(rawValue: value) else { throw APIError(.badRequest, "Invalid role") }
        return role
    }

    /// The users of `workspaceID`, oldest first.
    func list(workspaceID: Int64) async throws -> [UserRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(UserRecord.columns) FROM users WHERE workspace_id = ? ORDER BY created_at, id",
                arguments: [workspaceID]
            ).map(UserRecord.init)
        }
    }

    /// Creates a user in the caller's workspace; 409 when the name is taken (in any workspace:
    /// usernames are unique across the installation because they are login names).
    func create(_ new: NewUser, by actor: Identity, ip: String) async throws -> UserRecord {
        let hash = try await hasher.hash(new.password)
        return try await database.write { db, events in
            guard try UserRecord.find(db, username: new.username) == nil else {
                throw APIError(.conflict, "Username already exists")
            }
            let now = Int64(Date().timeIntervalSince1970)
            try db.execute(
                sql: """
                    INSERT INTO users (username, display_name, password_hash, role, provider, email, is_approved,
                                       workspace_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
                    """,
                arguments: [
                    new.username, new.displayName, hash, new.role.rawValue, new.provider, new.email,
                    actor.workspaceID, now, now,
                ])
            let id = db.lastInsertedRowID
            try AuditLog.append(
                db, events: &events, action: "user_create", actor: actor.username, actorID: actor.userID,
                targetType: "user", targetID: id,
                detail: ["username": .string(new.username), "role": .string(new.role.rawValue)], ipAddress: ip,
                workspaceID: actor.workspaceID)
            guard let user = try UserRecord.find(db, id: id) else { throw APIError(.internalServerError, "User not created") }
            return user
        }
    }

    /// Applies `PUT /api/auth/users`.
    func update(_ body: JSONBody, by actor: Identity, ip: String) async throws -> UserRecord {
        guard let id = try body.integer("id") else { throw APIError(.badRequest, "User ID is required") }
        let role = try body.string("role").map(Self.role)
        let displayName = try body.string("display_name")?.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.has("display_name"), displayName?.isEmpty ?? true {
            throw APIError(.badRequest, "Display name cannot be empty")
        }
        let password = try body.string("password")
        if let password, let problem = PasswordPolicy.validate(password) { throw APIError(.badRequest, problem) }
        let approved = try body.bool("is_approved")
        let email = try body.string("email")
        let avatarURL = try body.string("avatar_url")
        let existing = try await database.read { try UserRecord.find($0, id: id) }
        guard let existing, existing.workspaceID == actor.workspaceID else { throw APIError(.notFound, "User not found") }
        if let role, existing.id == actor.userID, role != existing.role {
            throw APIError(.badRequest, "Cannot change your own role")
        }
        // Not in the original: disabling yourself would end your own session mid-request.
        if approved == false, existing.id == actor.userID {
            throw APIError(.badRequest, "Cannot disable your own account")
        }
        let hash = try await password.asyncMap { try await hasher.hash($0) }
        return try await database.write { db, events in
            let now = Int64(Date().timeIntervalSince1970)
            var assignments = ["updated_at = ?"]
            var arguments: [(any DatabaseValueConvertible)?] = [now]
            func set(_ column: String, _ value: (any DatabaseValueConvertible)?) {
                assignments.append("\(column) = ?")
                arguments.append(value)
            }
            if let displayName { set("display_name", displayName) }
            if let role { set("role", role.rawValue) }
            if let hash { set("password_hash", hash) }
            if let approved { set("is_approved", approved ? 1 : 0) }
            if body.has("email") { set("email", email) }
            if body.has("avatar_url") { set("avatar_url", avatarURL) }
            arguments.append(id)
            try db.execute(
                sql: "UPDATE users SET \(assignments.joined(separator: ", ")) WHERE id = ?",
                arguments: StatementArguments(arguments.map { $0?.databaseValue ?? .null }))
            // Losing access or having the password reset by someone else ends every session now,
            // not when the cookie expires.
            if hash != nil || approved == false {
                try db.execute(sql: "DELETE FROM user_sessions WHERE user_id = ?", arguments: [id])
            }
            try AuditLog.append(
                db, events: &events, action: "user_update", actor: actor.username, actorID: actor.userID,
                targetType: "user", targetID: id,
                detail: [
                    "display_name": displayName.map(JSONValue.string) ?? .null,
                    "role": role.map { .string($0.rawValue) } ?? .null, "password_changed": .bool(hash != nil),
                    "is_approved": approved.map(JSONValue.bool) ?? .null,
                ], ipAddress: ip, workspaceID: actor.workspaceID)
            guard let user = try UserRecord.find(db, id: id) else { throw APIError(.notFound, "User not found") }
            return user
        }
    }

    /// Deletes a user of the caller's workspace and their sessions.
    func delete(_ body: JSONBody, by actor: Identity, ip: String) async throws {
        guard let id = try body.integer("id") else { throw APIError(.badRequest, "User ID is required") }
        guard id != actor.userID else { throw APIError(.badRequest, "Cannot delete your own account") }
        try await database.write { db, events in
            guard let user = try UserRecord.find(db, id: id), user.workspaceID == actor.workspaceID else {
                throw APIError(.notFound, "User not found")
            }
            try db.execute(sql: "DELETE FROM user_sessions WHERE user_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
            try AuditLog.append(
                db, events: &events, action: "user_delete", actor: actor.username, actorID: actor.userID,
                targetType: "user", targetID: id, detail: ["username": .string(user.username)], ipAddress: ip,
                workspaceID: actor.workspaceID)
        }
    }
}

extension Optional {
    /// `map` with an async transform.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
