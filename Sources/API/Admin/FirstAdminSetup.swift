import Foundation
import GRDB
import HTTPTypes
import MCShared

/// The first-run wizard (reference §7.1 `/api/setup`, §3.6): creates the first admin while the
/// `users` table is empty and logs them in. Once any user exists it refuses, for good.
struct FirstAdminSetup: Sendable {
    let database: EventedDatabase
    let hasher: PasswordHasher

    static let alreadyCompleted = "Setup has already been completed"
    /// Username length bounds and alphabet after trimming and lowercasing.
    static let usernameLength = 2...64
    static let usernameAlphabet = Set("abcdefghijklmnopqrstuvwxyz0123456789_.-")

    /// True while no user exists.
    func needsSetup() async throws -> Bool {
        try await database.read { try Bool.fetchOne($0, sql: "SELECT NOT EXISTS(SELECT 1 FROM users)") ?? false }
    }

    /// The normalised username, or the 400 explaining the rule it breaks.
    static func username(_ raw: String?) throws -> String {
        let username = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !username.isEmpty else { throw APIError(.badRequest, "Username is required") }
        guard usernameLength.contains(username.count) else {
            throw APIError(
                .badRequest,
                "Username must be between \(usernameLength.lowerBound) and \(usernameLength.upperBound) characters")
        }
        guard username.allSatisfy(usernameAlphabet.contains) else {
            throw APIError(
                .badRequest, "Username can only contain lowercase letters, numbers, dots, hyphens and underscores")
        }
        return username
    }

    /// Creates the admin and a session; returns the user and the raw session token.
    func run(_ body: JSONBody, ip: String, userAgent: String?) async throws -> (user: UserRecord, token: String) {
        // Checked before any validation, so a finished installation says only that.
        guard try await needsSetup() else { throw APIError(.forbidden, Self.alreadyCompleted) }
        let username = try Self.username(try body.string("username"))
        guard let password = try body.string("password"), !password.isEmpty else {
            throw APIError(.badRequest, "Password is required")
        }
        if let problem = PasswordPolicy.validate(password, rejectingInsecure: true) {
            throw APIError(.badRequest, problem)
        }
        let displayName =
            try body.string("displayName")?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty ?? username
        let hash = try await hasher.hash(password)
        return try await database.write { db, events in
            // The authoritative check: the writer is serialized, so two racing wizards cannot both pass.
            guard try Bool.fetchOne(db, sql: "SELECT NOT EXISTS(SELECT 1 FROM users)") ?? false else {
                throw APIError(.forbidden, Self.alreadyCompleted)
            }
            try db.execute(
                sql: "INSERT INTO users (username, display_name, password_hash, role, workspace_id) VALUES (?, ?, ?, 'admin', 1)",
                arguments: [username, displayName, hash])
            let id = db.lastInsertedRowID
            try AuditLog.append(
                db, events: &events, action: "setup_admin_created", actor: username, actorID: id, targetType: "user",
                targetID: id, detail: ["username": .string(username)], ipAddress: ip, userAgent: userAgent,
                workspaceID: 1)
            let session = try SessionIssuer.create(db, userID: id, workspaceID: 1, ip: ip, userAgent: userAgent)
            guard let user = try UserRecord.find(db, id: id) else { throw APIError(.internalServerError, "Setup failed") }
            return (user, session.token)
        }
    }
}

extension String {
    /// Nil for the empty string.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
