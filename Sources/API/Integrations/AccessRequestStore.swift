import Foundation
import GRDB
import MCShared

/// The `access_requests` table: one row per (e-mail, provider), refreshed on every refused
/// sign-in (reference §3.7 step 4, §6).
enum AccessRequestStore {
    static let columns = """
        id, provider, email, provider_user_id, display_name, avatar_url, status, requested_at, last_attempt_at,
        attempt_count, reviewed_by, reviewed_at, review_note, approved_user_id
        """

    /// A row as the API returns it.
    struct Request: Sendable {
        var id: Int64
        var email: String
        var providerUserID: String?
        var displayName: String?
        var avatarURL: String?
        var json: JSONValue

        init(row: Row) {
            id = row["id"]
            email = row["email"]
            providerUserID = row["provider_user_id"]
            displayName = row["display_name"]
            avatarURL = row["avatar_url"]
            var fields: [String: JSONValue] = [:]
            for name in [
                "provider", "email", "provider_user_id", "display_name", "avatar_url", "status", "reviewed_by",
                "review_note",
            ] {
                fields[name] = (row[name] as String?).map(JSONValue.string) ?? .null
            }
            for name in ["id", "requested_at", "last_attempt_at", "attempt_count", "reviewed_at", "approved_user_id"] {
                fields[name] = (row[name] as Int64?).map { .number(Double($0)) } ?? .null
            }
            json = .object(fields)
        }
    }

    /// Records a refused Google sign-in: a new pending request, or the existing one refreshed
    /// (identity fields, back to `pending`, one more attempt).
    static func recordAttempt(_ db: Database, profile: GoogleTokenVerifier.Profile) throws {
        let displayName = profile.name ?? profile.email.split(separator: "@").first.map(String.init) ?? "Google User"
        try db.execute(
            sql: """
                INSERT INTO access_requests (provider, email, provider_user_id, display_name, avatar_url, status,
                                             attempt_count, requested_at, last_attempt_at)
                VALUES ('google', ?, ?, ?, ?, 'pending', 1, unixepoch(), unixepoch())
                ON CONFLICT (email, provider) DO UPDATE SET
                    provider_user_id = excluded.provider_user_id, display_name = excluded.display_name,
                    avatar_url = excluded.avatar_url, status = 'pending',
                    attempt_count = access_requests.attempt_count + 1, last_attempt_at = unixepoch()
                """,
            arguments: [profile.email, profile.subject, displayName, profile.picture])
    }

    /// Requests with `status` (`all`: pending first, then the most recent attempts).
    static func list(_ db: Database, status: String) throws -> [Request] {
        let rows =
            status == "all"
            ? try Row.fetchAll(
                db,
                sql: """
                    SELECT \(columns) FROM access_requests
                    ORDER BY status = 'pending' DESC, last_attempt_at DESC, id DESC
                    """)
            : try Row.fetchAll(
                db,
                sql: "SELECT \(columns) FROM access_requests WHERE status = ? ORDER BY last_attempt_at DESC, id DESC",
                arguments: [status])
        return rows.map(Request.init)
    }

    /// One request, or nil.
    static func find(_ db: Database, id: Int64) throws -> Request? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM access_requests WHERE id = ?", arguments: [id]).map(
            Request.init)
    }

    /// Marks a request reviewed.
    static func markReviewed(
        _ db: Database, id: Int64, status: String, reviewer: String, note: String?, approvedUserID: Int64? = nil
    ) throws {
        try db.execute(
            sql: """
                UPDATE access_requests
                SET status = ?, reviewed_by = ?, reviewed_at = unixepoch(), review_note = ?,
                    approved_user_id = COALESCE(?, approved_user_id)
                WHERE id = ?
                """,
            arguments: [status, reviewer, note, approvedUserID, id])
    }
}
