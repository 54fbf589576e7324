import Foundation
import GRDB
import MCShared

/// The global admin API key (reference §7.1 `/api/tokens/rotate`, §3.4). A rotated key is stored
/// only as its SHA-256 in the settings row `security.api_key_hash`; `IdentityResolver` checks
/// that row first, so from the moment it exists the environment's `API_KEY` stops working.
struct GlobalKeyRotation: Sendable {
    let database: EventedDatabase
    /// `API_KEY` from the environment.
    let environmentKey: String?

    static let settingKey = "security.api_key_hash"

    /// Where the key in force comes from.
    enum Source: String, Sendable { case database, environment, none }

    /// `GET`: what is configured, never the key itself (a stored key is only a hash).
    func status() async throws -> JSONValue {
        let (stored, updatedAt, updatedBy) = try await database.read { db -> (Bool, Int64?, String?) in
            let row = try Row.fetchOne(
                db, sql: "SELECT updated_at, updated_by FROM settings WHERE key = ?", arguments: [Self.settingKey])
            return (row != nil, row?["updated_at"], row?["updated_by"])
        }
        let source = self.source(stored: stored)
        return [
            "masked_key": source == .environment ? environmentKey.map { .string(SecretToken.masked($0)) } ?? .null : .null,
            "configured": .bool(source != .none), "source": .string(source.rawValue),
            "last_rotated_at": updatedAt.map { .number(Double($0)) } ?? .null,
            "last_rotated_by": updatedBy.map(JSONValue.string) ?? .null,
        ]
    }

    /// `POST`: a new `mc_` key, stored hashed, returned once.
    func rotate(by actor: Identity, ip: String) async throws -> JSONValue {
        let key = SecretToken.globalAPIKey()
        let environmentKey = self.environmentKey
        let now = Int64(Date().timeIntervalSince1970)
        let masked = SecretToken.masked(key)
        try await database.write { db, events in
            let hadStored = try Bool.fetchOne(
                db, sql: "SELECT EXISTS(SELECT 1 FROM settings WHERE key = ?)", arguments: [Self.settingKey]) ?? false
            let oldSource = self.source(stored: hadStored)
            try db.execute(
                sql: """
                    INSERT INTO settings (key, value, description, category, updated_by, updated_at)
                    VALUES (?, ?, 'SHA-256 of the rotated global API key', 'security', ?, ?)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
                                                   updated_at = excluded.updated_at
                    """,
                arguments: [Self.settingKey, SecretToken.sha256Hex(key), actor.username, now])
            try AuditLog.append(
                db, events: &events, action: "api_key_rotated", actor: actor.username, actorID: actor.userID,
                detail: [
                    "old_source": .string(oldSource.rawValue),
                    "old_key_masked": oldSource == .environment
                        ? environmentKey.map { .string(SecretToken.masked($0)) } ?? .null : .null,
                    "new_key_masked": .string(masked),
                ], ipAddress: ip, workspaceID: actor.workspaceID)
        }
        return [
            "key": .string(key), "masked_key": .string(masked), "rotated_at": .number(Double(now)),
            "rotated_by": .string(actor.username),
            "message": "API key rotated. Copy it now: it will not be shown again, and the previous key no longer works.",
        ]
    }

    private func source(stored: Bool) -> Source {
        if stored { return .database }
        if let environmentKey, !environmentKey.isEmpty { return .environment }
        return .none
    }
}
