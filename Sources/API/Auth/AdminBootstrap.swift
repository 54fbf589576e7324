import Foundation
import GRDB
import MCShared

/// Creates the first admin on a fresh database (reference §3.6): `AUTH_USER` (default
/// `admin`) with the password from `AUTH_PASS_B64` or `AUTH_PASS`. With neither, a random
/// password is generated and printed once, never stored in clear and never a default.
enum AdminBootstrap {
    /// What happened at start.
    enum Outcome: Equatable {
        case existingUsers
        case created(username: String, generatedPassword: String?)
    }

    /// Creates the admin if the `users` table is empty. An unusable configured password is a
    /// configuration error (exit 78) rather than a silently skipped account.
    static func ensureAdmin(database: EventedDatabase, environment: EnvironmentReader, hasher: PasswordHasher) async throws
        -> Outcome
    {
        let hasUsers = try await database.read { try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM users)") ?? false }
        if hasUsers { return .existingUsers }
        let username = environment.string("AUTH_USER")?.trimmingCharacters(in: .whitespaces) ?? "admin"
        guard !username.isEmpty else { throw ConfigurationError("AUTH_USER", "must not be blank") }
        var generated: String?
        let password: String
        if let encoded = environment.string("AUTH_PASS_B64") {
            guard let data = Data(base64Encoded: encoded), data.base64EncodedString() == encoded,
                let decoded = String(data: data, encoding: .utf8), !decoded.isEmpty
            else { throw ConfigurationError("AUTH_PASS_B64", "is not valid base64 of a UTF-8 password") }
            password = decoded
        } else if let plain = environment.string("AUTH_PASS") {
            password = plain
        } else {
            password = generatePassword()
            generated = password
        }
        let variable = environment.string("AUTH_PASS_B64") != nil ? "AUTH_PASS_B64" : "AUTH_PASS"
        if let problem = PasswordPolicy.validate(password, rejectingInsecure: true) {
            throw ConfigurationError(variable, problem)
        }
        let hash = try await hasher.hash(password)
        let displayName = username.prefix(1).uppercased() + username.dropFirst()
        try await database.write { db, events in
            // Re-check inside the transaction: another start may have won the race.
            guard try Bool.fetchOne(db, sql: "SELECT NOT EXISTS(SELECT 1 FROM users)") ?? false else { return }
            try db.execute(
                sql: "INSERT INTO users (username, display_name, password_hash, role, workspace_id) VALUES (?, ?, ?, 'admin', 1)",
                arguments: [username, displayName, hash])
            try AuditLog.append(
                db, events: &events, action: "setup_admin_created", actor: "system", actorID: nil, targetType: "user",
                targetID: db.lastInsertedRowID, detail: ["username": .string(username)], ipAddress: nil, workspaceID: 1)
        }
        return .created(username: username, generatedPassword: generated)
    }

    /// 20 characters from an unambiguous alphabet (no 0/O, 1/l/I): about 117 bits.
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        let bytes = HexCoding.decode(SecretToken.randomHex(byteCount: 40)) ?? []
        // Rejection sampling keeps every character equally likely.
        var result = ""
        var pool = bytes
        while result.count < 20 {
            if pool.isEmpty { pool = HexCoding.decode(SecretToken.randomHex(byteCount: 40)) ?? [] }
            let byte = Int(pool.removeLast())
            if byte < 256 - 256 % alphabet.count { result.append(alphabet[byte % alphabet.count]) }
        }
        return result
    }
}
