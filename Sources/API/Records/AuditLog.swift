import Foundation
import GRDB
import MCShared

/// Writes `audit_log` rows (reference §10.3) and, for security actions, the `audit.security`
/// event. Difference from the original: it broadcast only for action names its routes never
/// used (`user_created`); here the names actually logged are the ones that broadcast.
enum AuditLog {
    /// Actions that are also broadcast as `audit.security`.
    static let securityActions: Set<String> = [
        "login_failed", "password_change", "user_create", "user_update", "user_delete", "api_key_rotated",
    ]

    /// Appends an audit row in the current transaction.
    static func append(
        _ db: Database, events: inout [StoredEvent], action: String, actor: String, actorID: Int64?,
        targetType: String? = nil, targetID: Int64? = nil, detail: JSONValue? = nil, ipAddress: String?,
        userAgent: String? = nil, workspaceID: Int64
    ) throws {
        let now = Int64(Date().timeIntervalSince1970)
        let detailText = detail?.jsonText
        try db.execute(
            sql: """
                INSERT INTO audit_log (action, actor, actor_id, target_type, target_id, detail, ip_address, user_agent,
                                       created_at, workspace_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [action, actor, actorID, targetType, targetID, detailText, ipAddress, userAgent, now, workspaceID])
        if securityActions.contains(action) {
            events.append(
                try EventLog.append(
                    db, type: "audit.security", workspaceID: workspaceID,
                    payload: [
                        "action": .string(action), "actor": .string(actor),
                        "target_type": targetType.map(JSONValue.string) ?? .null,
                        "target_id": targetID.map { .number(Double($0)) } ?? .null, "timestamp": .number(Double(now)),
                        "workspace_id": .number(Double(workspaceID)),
                    ]))
        }
    }
}

/// Writes `security_events` rows (reference §10.4) and their `security.event` broadcast.
enum SecurityEventLog {
    static func append(
        _ db: Database, events: inout [StoredEvent], type: String, severity: String, source: String? = nil,
        agentName: String? = nil, detail: JSONValue?, ipAddress: String?, workspaceID: Int64, tenantID: Int64 = 1
    ) throws {
        let now = Int64(Date().timeIntervalSince1970)
        let detailText = detail?.jsonText
        try db.execute(
            sql: """
                INSERT INTO security_events (event_type, severity, source, agent_name, detail, ip_address, workspace_id,
                                             tenant_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [type, severity, source, agentName, detailText, ipAddress, workspaceID, tenantID, now])
        events.append(
            try EventLog.append(
                db, type: "security.event", workspaceID: workspaceID,
                payload: [
                    "id": .number(Double(db.lastInsertedRowID)), "event_type": .string(type), "severity": .string(severity),
                    "source": source.map(JSONValue.string) ?? .null, "agent_name": agentName.map(JSONValue.string) ?? .null,
                    "detail": detail ?? .null, "ip_address": ipAddress.map(JSONValue.string) ?? .null,
                    "tenant_id": .number(Double(tenantID)), "timestamp": .number(Double(now)),
                    "workspace_id": .number(Double(workspaceID)),
                ]))
    }
}
