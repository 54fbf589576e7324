import GRDB
import MCShared

/// A `users` row as the auth routes need it.
struct UserRecord: Sendable, Equatable {
    var id: Int64
    var username: String
    var displayName: String
    var passwordHash: String
    var role: Role
    var provider: String
    var email: String?
    var avatarURL: String?
    var isApproved: Bool
    var workspaceID: Int64
    var createdAt: Int64
    var updatedAt: Int64
    var lastLoginAt: Int64?

    static let columns =
        "id, username, display_name, password_hash, role, provider, email, avatar_url, is_approved, workspace_id, created_at, updated_at, last_login_at"

    init(row: Row) {
        id = row["id"]
        username = row["username"]
        displayName = row["display_name"]
        passwordHash = row["password_hash"]
        role = Role(rawValue: row["role"]) ?? .viewer
        provider = row["provider"]
        email = row["email"]
        avatarURL = row["avatar_url"]
        isApproved = (row["is_approved"] as Int64?) == 1
        workspaceID = row["workspace_id"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
        lastLoginAt = row["last_login_at"]
    }

    static func find(_ db: Database, username: String) throws -> UserRecord? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM users WHERE username = ?", arguments: [username]).map(UserRecord.init)
    }

    static func find(_ db: Database, id: Int64) throws -> UserRecord? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM users WHERE id = ?", arguments: [id]).map(UserRecord.init)
    }

    /// The original's login/me shape: `{id, username, display_name, role, provider, email,
    /// avatar_url, workspace_id, tenant_id}`.
    func sessionJSON(tenantID: Int64) -> JSONValue {
        [
            "id": .number(Double(id)), "username": .string(username), "display_name": .string(displayName),
            "role": .string(role.rawValue), "provider": .string(provider), "email": email.map(JSONValue.string) ?? .null,
            "avatar_url": avatarURL.map(JSONValue.string) ?? .null, "workspace_id": .number(Double(workspaceID)),
            "tenant_id": .number(Double(tenantID)),
        ]
    }

    /// The admin list shape (reference §7.1 GET /api/auth/users).
    func adminJSON(tenantID: Int64) -> JSONValue {
        var fields = sessionJSON(tenantID: tenantID)
        if case .object(var object) = fields {
            object["is_approved"] = .number(isApproved ? 1 : 0)
            object["created_at"] = .number(Double(createdAt))
            object["updated_at"] = .number(Double(updatedAt))
            object["last_login_at"] = lastLoginAt.map { .number(Double($0)) } ?? .null
            fields = .object(object)
        }
        return fields
    }
}
