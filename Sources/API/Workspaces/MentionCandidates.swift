import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `GET /api/mentions` (reference §7.6, §9.13): the handles a task description or comment may
/// mention in the caller's workspace, from the same directory the mention check uses.
enum MentionCandidates {
    /// The filters of one request.
    struct Query: Sendable, Equatable {
        /// Lowercased, trimmed; empty matches everything.
        var text: String
        /// `user` or `agent`; nil for both.
        var type: String?
        var limit: Int

        static let limitRange = 1...200

        /// Reads `q`, `type` and `limit` (default 25): 400 for a type other than user/agent or
        /// a limit outside 1...200 (the original clamped silently).
        init(q: String?, type: String?, limit: String?) throws {
            text = (q ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            if let type, !type.isEmpty {
                guard type == "user" || type == "agent" else { throw APIError(.badRequest, "type must be user or agent") }
                self.type = type
            }
            if let limit {
                guard let value = Int(limit), Self.limitRange.contains(value) else {
                    throw APIError(.badRequest, "limit must be between 1 and 200")
                }
                self.limit = value
            } else {
                self.limit = 25
            }
        }
    }

    /// Matching mentions (handle, recipient or display name contains the text; handles that
    /// start with it first, then by handle), at most `limit`, and how many matched in all.
    static func search(_ db: Database, workspaceID: Int64, query: Query) throws -> (mentions: [JSONValue], total: Int) {
        var users: [String: (display: String, role: String)] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT username, display_name, role FROM users WHERE workspace_id = ?", arguments: [workspaceID])
        {
            users[row["username"]] = (row["display_name"], row["role"])
        }
        var agentRoles: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, role FROM agents WHERE workspace_id = ?", arguments: [workspaceID]) {
            agentRoles[row["name"]] = row["role"] as String
        }
        let matches = try Mentions.directory(db, workspaceID: workspaceID).compactMap { handle, target -> (String, JSONValue)? in
            guard query.type == nil || query.type == (target.isAgent ? "agent" : "user") else { return nil }
            let display = target.isAgent ? target.recipient : users[target.recipient]?.display ?? target.recipient
            let role = target.isAgent ? agentRoles[target.recipient] : users[target.recipient]?.role
            guard query.text.isEmpty || [handle, target.recipient, display].contains(where: { $0.lowercased().contains(query.text) })
            else { return nil }
            var mention: [String: JSONValue] = [
                "handle": .string(handle), "recipient": .string(target.recipient),
                "type": .string(target.isAgent ? "agent" : "user"), "display": .string(display),
            ]
            if let role { mention["role"] = .string(role) }
            return (handle, .object(mention))
        }
        let sorted = matches.sorted { left, right in
            let leftPrefix = left.0.hasPrefix(query.text)
            let rightPrefix = right.0.hasPrefix(query.text)
            return leftPrefix != rightPrefix ? leftPrefix : left.0 < right.0
        }
        return (sorted.prefix(query.limit).map(\.1), sorted.count)
    }
}
