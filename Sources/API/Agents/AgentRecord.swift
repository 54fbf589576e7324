import Foundation
import GRDB
import HTTPTypes
import MCShared

/// One `agents` row as the API shows it: every column as stored, with `config` parsed to an
/// object (`{}` when empty), like the original's `SELECT *` plus `JSON.parse(config)`.
struct AgentRecord: Sendable {
    var id: Int64
    var name: String
    var role: String
    var status: String
    var sessionKey: String?
    var soulContent: String?
    var lastSeen: Int64?
    var lastActivity: String?
    var updatedAt: Int64
    var workspaceID: Int64
    /// Every column, `config` parsed.
    var json: [String: JSONValue]

    init(row: Row) {
        id = row["id"]
        name = row["name"]
        role = row["role"]
        status = row["status"]
        sessionKey = row["session_key"]
        soulContent = row["soul_content"]
        lastSeen = row["last_seen"]
        lastActivity = row["last_activity"]
        updatedAt = row["updated_at"]
        workspaceID = row["workspace_id"]
        var fields: [String: JSONValue] = [:]
        for (column, value) in row { fields[column] = Self.jsonValue(value) }
        fields["config"] = .object(Self.config(row["config"]))
        json = fields
    }

    /// The stored `config` text as an object; anything that is not a JSON object reads as `{}`.
    var config: [String: JSONValue] {
        if case .object(let fields)? = json["config"] { return fields }
        return [:]
    }

    /// The agent a path names in `workspaceID`: a numeric reference is an id, anything else a
    /// name (reference §0 "IDs in paths"). Another workspace's agent is not found.
    static func find(_ db: Database, reference: String, workspaceID: Int64) throws -> AgentRecord? {
        let row: Row?
        if let id = Int64(reference) {
            row = try Row.fetchOne(
                try db.cachedStatement(sql: "SELECT * FROM agents WHERE id = ? AND workspace_id = ?"), arguments: [id, workspaceID])
        } else {
            row = try Row.fetchOne(
                try db.cachedStatement(sql: "SELECT * FROM agents WHERE name = ? AND workspace_id = ?"), arguments: [reference, workspaceID])
        }
        return row.map(AgentRecord.init(row:))
    }

    /// Like `find`, or 404 "Agent not found".
    static func require(_ db: Database, reference: String, workspaceID: Int64) throws -> AgentRecord {
        guard let agent = try find(db, reference: reference, workspaceID: workspaceID) else {
            throw APIError(.notFound, "Agent not found")
        }
        return agent
    }

    /// The agent with `name` in `workspaceID`.
    static func find(_ db: Database, name: String, workspaceID: Int64) throws -> AgentRecord? {
        try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT * FROM agents WHERE name = ? AND workspace_id = ?"), arguments: [name, workspaceID]
        ).map(AgentRecord.init(row:))
    }

    /// Parses a JSON object stored as text.
    static func config(_ text: String?) -> [String: JSONValue] {
        guard let text, let value = try? JSONValue.parse(text),
            case .object(let fields) = value
        else { return [:] }
        return fields
    }

    /// JSON text of `value` for a TEXT column.
    static func text(_ value: JSONValue) throws -> String {
        value.jsonText
    }

    /// A column value as JSON.
    static func jsonValue(_ value: DatabaseValue) -> JSONValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .number(Double(number))
        case .double(let number): return .number(number)
        case .string(let string): return .string(string)
        case .blob: return .null
        }
    }
}
