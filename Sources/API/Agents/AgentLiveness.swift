import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Derives agent liveness from heartbeats: an agent that has not been seen for `timeout`
/// seconds is `offline`, whatever it last said. The scheduler worker runs `sweep` every 15 s
/// through the bus method `agents.liveness_sweep`.
enum AgentLiveness {
    /// `MC_AGENT_OFFLINE_TIMEOUT`: seconds without a heartbeat before an agent is offline.
    static let timeoutVariable = "MC_AGENT_OFFLINE_TIMEOUT"
    static let defaultTimeout = 600
    static let timeoutRange = 10...86_400

    /// The timeout from the environment; a `ConfigurationError` when outside 10...86400.
    static func timeout(_ environment: EnvironmentReader) throws(ConfigurationError) -> Int64 {
        Int64(try environment.integer(timeoutVariable, default: defaultTimeout, in: timeoutRange))
    }

    /// An agent the sweep marked offline.
    struct SweptAgent: Sendable, Equatable {
        var id: Int64
        var name: String
        var previousStatus: String
        var workspaceID: Int64
    }

    /// Marks offline, in the caller's transaction, every agent that is not offline and whose
    /// last heartbeat (or, never seen, its creation) is older than `timeout` seconds; each gets
    /// an `agent.status_changed` event, an `agent_status_change` activity (actor `heartbeat`)
    /// and a `heartbeat` notification to `system`, as the original's scheduler did.
    @discardableResult
    static func sweep(_ db: Database, events: inout [StoredEvent], now: Int64, timeout: Int64) throws -> [SweptAgent] {
        let cutoff = now - timeout
        let stale = try Row.fetchAll(
            db,
            sql: """
                SELECT id, name, status, last_seen, last_activity, workspace_id FROM agents
                WHERE status != 'offline' AND COALESCE(last_seen, created_at) < ?
                ORDER BY id
                """,
            arguments: [cutoff])
        var swept: [SweptAgent] = []
        for row in stale {
            let agent = SweptAgent(id: row["id"], name: row["name"], previousStatus: row["status"], workspaceID: row["workspace_id"])
            let lastSeen: Int64? = row["last_seen"]
            let lastActivity: String? = row["last_activity"]
            try db.execute(sql: "UPDATE agents SET status = 'offline', updated_at = ? WHERE id = ?", arguments: [now, agent.id])
            events.append(
                try EventLog.append(
                    db, type: "agent.status_changed", workspaceID: agent.workspaceID,
                    payload: statusPayload(
                        id: agent.id, name: agent.name, status: "offline", lastSeen: lastSeen, lastActivity: lastActivity,
                        workspaceID: agent.workspaceID, source: "liveness")))
            let silence = describe(seconds: timeout)
            try ActivityLog.append(
                db, events: &events, type: "agent_status_change", entityType: "agent", entityID: agent.id,
                actor: "heartbeat", description: "Agent status changed from \(agent.previousStatus) to offline (no heartbeat for \(silence))",
                data: [
                    "oldStatus": .string(agent.previousStatus), "newStatus": "offline",
                    "last_seen": lastSeen.map { .number(Double($0)) } ?? .null, "timeout_seconds": .number(Double(timeout)),
                ],
                workspaceID: agent.workspaceID)
            try NotificationLog.append(
                db, events: &events, recipient: "system", type: "heartbeat", title: "Agent offline: \(agent.name)",
                message: "Agent \"\(agent.name)\" was marked offline after \(silence) without heartbeat",
                sourceType: "agent", sourceID: agent.id, workspaceID: agent.workspaceID)
            swept.append(agent)
        }
        return swept
    }

    /// The original's `agent.status_changed` payload (+ `workspace_id`, and `source` saying what
    /// changed it: `heartbeat` for the agent's own heartbeats, which webhooks treat as noisy,
    /// `liveness` for the offline sweep).
    static func statusPayload(
        id: Int64, name: String, status: String, lastSeen: Int64?, lastActivity: String?, workspaceID: Int64,
        source: String
    ) -> JSONValue {
        [
            "id": .number(Double(id)), "name": .string(name), "status": .string(status),
            "last_seen": lastSeen.map { .number(Double($0)) } ?? .null,
            "last_activity": lastActivity.map(JSONValue.string) ?? .null, "workspace_id": .number(Double(workspaceID)),
            "source": .string(source),
        ]
    }

    /// "10 minutes", "90 seconds".
    static func describe(seconds: Int64) -> String {
        seconds % 60 == 0 ? "\(seconds / 60) minute\(seconds == 60 ? "" : "s")" : "\(seconds) seconds"
    }
}
