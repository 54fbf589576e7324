import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Reading and changing the state of notifications (reference §7.6 `/api/notifications`).
///
/// Who may see what (fixes the original's quirk 15, where any viewer could read anyone's
/// notifications): admins may act on any recipient of their workspace; everyone else only on
/// notifications addressed to themselves — their username, or for an agent key, its agent name.
/// An `x-agent-name` header on a session does not count: anyone can send it.
struct NotificationInbox: Sendable {
    let database: EventedDatabase

    static let defaultLimit = 50
    static let maximumLimit = 500
    static let notYours = "You can only access your own notifications"

    /// The recipient names that are the caller's own.
    static func ownNames(_ identity: Identity) -> Set<String> {
        var names: Set<String> = [identity.username]
        if case .agentKey = identity.credential, let agent = identity.agentName { names.insert(agent) }
        return names
    }

    /// 403 unless `identity` may act on `recipient`'s notifications.
    static func authorize(_ identity: Identity, recipient: String) throws {
        guard identity.role == .admin || ownNames(identity).contains(recipient) else {
            throw APIError(.forbidden, notYours)
        }
    }

    /// Reading is also allowed for an agent's notifications: they are its pending work, which
    /// every viewer already sees in the agent's heartbeat work items. Other people's stay private.
    func authorizeRead(_ identity: Identity, recipient: String) async throws {
        if identity.role == .admin || Self.ownNames(identity).contains(recipient) { return }
        let isAgent = try await database.read { db in
            try AgentRecord.find(db, name: recipient, workspaceID: identity.workspaceID) != nil
        }
        guard isAgent, !identity.isAgentScoped else { throw APIError(.forbidden, Self.notYours) }
    }

    struct Filter: Sendable {
        var recipient: String
        var unreadOnly: Bool
        var type: String?
        var limit: Int
        var offset: Int
    }

    func list(_ filter: Filter, workspaceID: Int64) async throws -> JSONValue {
        var conditions = ["workspace_id = ?", "recipient = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [workspaceID, filter.recipient]
        if filter.unreadOnly { conditions.append("read_at IS NULL") }
        if let type = filter.type { conditions.append("type = ?"); arguments.append(type) }
        let whereClause = conditions.joined(separator: " AND ")
        let countArguments = StatementArguments(arguments)
        let pageArguments = StatementArguments(arguments + [filter.limit, filter.offset])
        return try await database.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM notifications WHERE \(whereClause) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: pageArguments)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notifications WHERE \(whereClause)", arguments: countArguments) ?? 0
            let unread = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM notifications WHERE workspace_id = ? AND recipient = ? AND read_at IS NULL",
                arguments: [workspaceID, filter.recipient]) ?? 0
            let items = try rows.map { row -> JSONValue in
                guard case .object(var object) = Self.json(row) else { return .null }
                object["source"] = try EntitySummary.lookup(
                    db, type: row["source_type"], id: row["source_id"], workspaceID: workspaceID)
                return .object(object)
            }
            return [
                "notifications": .array(items), "total": .number(Double(total)),
                "page": .number(Double(filter.offset / filter.limit + 1)), "limit": .number(Double(filter.limit)),
                "unreadCount": .number(Double(unread)),
            ]
        }
    }

    /// Marks unread notifications read: the given ids (a non-admin's own only), or all of a
    /// recipient's. Returns how many changed.
    func markRead(ids: [Int64]?, recipient: String?, by identity: Identity) async throws -> Int {
        let now = Int64(Date().timeIntervalSince1970)
        let scope = try ownershipClause(identity)
        return try await database.write { db, _ in
            if let ids {
                guard !ids.isEmpty else { return 0 }
                try db.execute(
                    sql: """
                        UPDATE notifications SET read_at = ?
                        WHERE read_at IS NULL AND workspace_id = ? AND id IN (\(Self.bindMarkers(ids.count)))\(scope.sql)
                        """,
                    arguments: StatementArguments([now, identity.workspaceID] + ids) + scope.arguments)
            } else if let recipient {
                try db.execute(
                    sql: "UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND workspace_id = ? AND recipient = ?",
                    arguments: [now, identity.workspaceID, recipient])
            }
            return db.changesCount
        }
    }

    /// Deletes by ids, or a recipient's notifications older than `olderThan` (admins only).
    func delete(ids: [Int64]?, recipient: String?, olderThan: Int64?, workspaceID: Int64) async throws -> Int {
        try await database.write { db, _ in
            if let ids {
                guard !ids.isEmpty else { return 0 }
                try db.execute(
                    sql: "DELETE FROM notifications WHERE workspace_id = ? AND id IN (\(Self.bindMarkers(ids.count)))",
                    arguments: StatementArguments([workspaceID] + ids))
            } else if let recipient, let olderThan {
                try db.execute(
                    sql: "DELETE FROM notifications WHERE workspace_id = ? AND recipient = ? AND created_at < ?",
                    arguments: [workspaceID, recipient, olderThan])
            }
            return db.changesCount
        }
    }

    /// Marks an agent's undelivered notifications delivered and returns the rows it marked.
    func markDelivered(agent: String, workspaceID: Int64) async throws -> [JSONValue] {
        let now = Int64(Date().timeIntervalSince1970)
        return try await database.write { db, _ in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM notifications WHERE workspace_id = ? AND recipient = ? AND delivered_at IS NULL",
                arguments: [workspaceID, agent])
            guard !ids.isEmpty else { return [] }
            let list = Self.bindMarkers(ids.count)
            try db.execute(
                sql: "UPDATE notifications SET delivered_at = ? WHERE id IN (\(list))",
                arguments: StatementArguments([now] + ids))
            return try Row.fetchAll(
                db, sql: "SELECT * FROM notifications WHERE id IN (\(list)) ORDER BY created_at, id",
                arguments: StatementArguments(ids)
            ).map(Self.json)
        }
    }

    /// For non-admins, restricts an update to rows addressed to them.
    private func ownershipClause(_ identity: Identity) throws -> (sql: String, arguments: StatementArguments) {
        guard identity.role != .admin else { return ("", []) }
        let names = Array(Self.ownNames(identity))
        return (" AND recipient IN (\(Self.bindMarkers(names.count)))", StatementArguments(names))
    }

    static func bindMarkers(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// A notification row as JSON.
    static func json(_ row: Row) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for column in ["recipient", "type", "title", "message", "source_type"] {
            object[column] = (row[column] as String?).map(JSONValue.string) ?? .null
        }
        for column in ["id", "source_id", "read_at", "delivered_at", "created_at", "workspace_id"] {
            object[column] = (row[column] as Int64?).map { .number(Double($0)) } ?? .null
        }
        return .object(object)
    }
}
