import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `GET` / `PUT` / `DELETE /api/settings` (reference §7.13): the known settings with their
/// defaults plus stored custom ones; protected keys are neither shown nor writable.
struct SettingsService: Sendable {
    let database: EventedDatabase

    /// `{settings:[{key,value,description,category,updated_by,updated_at,is_default}], grouped}`.
    func list() async throws -> JSONValue {
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT key, value, description, category, updated_by, updated_at FROM settings ORDER BY key")
                .map { row in
                    (key: row["key"] as String, value: row["value"] as String, description: row["description"] as String?,
                     category: row["category"] as String?, updatedBy: row["updated_by"] as String?,
                     updatedAt: row["updated_at"] as Int64?)
                }
        }
        let stored = Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [JSONValue] = []
        for definition in SettingsCatalogue.definitions {
            let row = stored[definition.key]
            var item = Self.item(
                key: definition.key, value: row?.value ?? definition.defaultValue, description: definition.description,
                category: definition.category, updatedBy: row?.updatedBy, updatedAt: row?.updatedAt, isDefault: row == nil)
            // What the value must be, so a form can offer the right control (an addition).
            if case .object(var fields) = item {
                fields["default_value"] = .string(definition.defaultValue)
                switch definition.kind {
                case .boolean: fields["type"] = "boolean"
                case .integer(let range):
                    fields["type"] = "integer"
                    fields["min"] = .number(Double(range.lowerBound))
                    fields["max"] = .number(Double(range.upperBound))
                case .text(let maxLength):
                    fields["type"] = "text"
                    fields["max_length"] = .number(Double(maxLength))
                }
                item = .object(fields)
            }
            items.append(item)
        }
        for row in rows where SettingsCatalogue.byKey[row.key] == nil && !SettingsCatalogue.isProtected(row.key) {
            items.append(
                Self.item(
                    key: row.key, value: row.value, description: row.description ?? "", category: row.category ?? "custom",
                    updatedBy: row.updatedBy, updatedAt: row.updatedAt, isDefault: false))
        }
        var grouped: [String: [JSONValue]] = [:]
        for item in items { grouped[item["category"]?.stringValue ?? "custom", default: []].append(item) }
        return ["settings": .array(items), "grouped": .object(grouped.mapValues(JSONValue.array))]
    }

    /// Stores every value (all or nothing); `{updated:[keys], count}`; audit `settings_update`.
    func update(_ values: [String: String], identity: Identity, ipAddress: String) async throws -> JSONValue {
        var normalized: [(key: String, value: String)] = []
        var problems: [String] = []
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            if SettingsCatalogue.isProtected(key) {
                throw APIError(.forbidden, "Setting \(key) is managed by Mission Control and cannot be changed here")
            }
            guard SettingsCatalogue.byKey[key] != nil || SettingsCatalogue.isValidCustomKey(key) else {
                problems.append("\(key): a setting key is 1 to 100 lowercase letters, digits, '.', '_' or '-', starting with a letter")
                continue
            }
            switch SettingsCatalogue.normalize(key: key, value: value) {
            case .success(let text): normalized.append((key, text))
            case .failure(let error): problems.append(error.message)
            }
        }
        if !problems.isEmpty { throw AgentValidationFailure(details: problems) }
        let accepted = normalized
        return try await database.write { db, events in
            var changes: [String: JSONValue] = [:]
            let now = Int64(Date().timeIntervalSince1970)
            for (key, value) in accepted {
                let old = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key])
                let definition = SettingsCatalogue.byKey[key]
                try db.execute(
                    sql: """
                        INSERT INTO settings (key, value, description, category, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
                                                       updated_at = excluded.updated_at
                        """,
                    arguments: [key, value, definition?.description ?? "", definition?.category ?? "custom", identity.username, now])
                changes[key] = ["old": old.map(JSONValue.string) ?? .null, "new": .string(value)]
            }
            try AuditLog.append(
                db, events: &events, action: "settings_update", actor: identity.username, actorID: identity.userID,
                detail: .object(changes), ipAddress: ipAddress, workspaceID: identity.workspaceID)
            events.append(
                try EventLog.append(
                    db, type: "settings.updated", workspaceID: identity.workspaceID,
                    payload: [
                        "keys": .array(accepted.map { .string($0.key) }), "updated_by": .string(identity.username),
                        "workspace_id": .number(Double(identity.workspaceID)),
                    ]))
            return ["updated": .array(accepted.map { .string($0.key) }), "count": .number(Double(accepted.count))]
        }
    }

    /// Removes a stored value: a known setting returns to its default, a custom one is gone.
    func reset(key: String, identity: Identity, ipAddress: String) async throws -> JSONValue {
        if SettingsCatalogue.isProtected(key) {
            throw APIError(.forbidden, "Setting \(key) is managed by Mission Control and cannot be changed here")
        }
        return try await database.write { db, events in
            guard let old = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) else {
                throw APIError(.notFound, "Setting not found or already at default")
            }
            try db.execute(sql: "DELETE FROM settings WHERE key = ?", arguments: [key])
            let defaultValue = SettingsCatalogue.byKey[key]?.defaultValue
            try AuditLog.append(
                db, events: &events, action: "settings_reset", actor: identity.username, actorID: identity.userID,
                detail: ["key": .string(key), "old": .string(old), "default": defaultValue.map(JSONValue.string) ?? .null],
                ipAddress: ipAddress, workspaceID: identity.workspaceID)
            events.append(
                try EventLog.append(
                    db, type: "settings.updated", workspaceID: identity.workspaceID,
                    payload: [
                        "keys": [.string(key)], "updated_by": .string(identity.username),
                        "workspace_id": .number(Double(identity.workspaceID)),
                    ]))
            return ["reset": .string(key), "default_value": defaultValue.map(JSONValue.string) ?? .null]
        }
    }

    private static func item(
        key: String, value: String, description: String, category: String, updatedBy: String?, updatedAt: Int64?,
        isDefault: Bool
    ) -> JSONValue {
        [
            "key": .string(key), "value": .string(value), "description": .string(description), "category": .string(category),
            "updated_by": updatedBy.map(JSONValue.string) ?? .null,
            "updated_at": updatedAt.map { .number(Double($0)) } ?? .null, "is_default": .bool(isDefault),
        ]
    }

    /// The liveness settings in effect: whether the sweep runs and its timeout in seconds
    /// (`general.agent_timeout_minutes` when stored, else `fallback`).
    static func liveness(_ db: Database, fallback: Int64) throws -> (enabled: Bool, timeout: Int64) {
        let enabled = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'general.agent_heartbeat'") != "false"
        let minutes = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'general.agent_timeout_minutes'")
            .flatMap { Int64($0) }
        return (enabled, minutes.map { $0 * 60 } ?? fallback)
    }
}
