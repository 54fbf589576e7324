import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Heartbeats (reference §7.4). Unlike the original (quirk 24), `GET` only reads: it returns the
/// agent's work items and changes nothing. `POST` records the heartbeat: `last_seen`, the
/// reported status (default `idle`), `agent.status_changed` only when the status really changed,
/// and inline token usage. Only a change of status writes an activity row (`agent_status_change`):
/// steady heartbeats arrive every few seconds per agent and would bury everything else in the feed.
struct AgentHeartbeatService: Sendable {
    let database: EventedDatabase
    /// Steady heartbeats are answered from here (see `AgentHeartbeatCache`).
    let cache: AgentHeartbeatCache

    /// Creates the service and registers its cache for commit notifications.
    init(database: EventedDatabase) {
        self.database = database
        let cache = AgentHeartbeatCache()
        TableCommitObserver.watch(database.pool, tables: AgentHeartbeatCache.observedTables) { cache.invalidate() }
        self.cache = cache
    }

    /// 403 unless an agent-scoped caller names its own agent (by id or by name).
    static func authorize(reference: String, identity: Identity) throws {
        guard identity.isAgentScoped else { return }
        let own = Int64(reference).map { identity.agentID == $0 } ?? (identity.agentName == reference)
        guard own else { throw APIError(.forbidden, "Access denied: agent key may only access its own agent.") }
    }

    /// The work waiting for the agent; changes nothing.
    func check(reference: String, identity: Identity, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws
        -> [String: JSONValue]
    {
        try Self.authorize(reference: reference, identity: identity)
        return try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            var report = try AgentWorkItems.report(db, agent: agent, now: now)
            report["budget"] = try BudgetEvaluator.heartbeat(db, workspaceID: agent.workspaceID, agentName: agent.name, nowMs: now * 1000)
            return report
        }
    }

    /// Records a heartbeat and returns the work items plus `token_recorded`.
    func record(
        reference: String, input: AgentHeartbeatInput, identity: Identity,
        now: Int64 = Int64(Date().timeIntervalSince1970)
    ) async throws -> [String: JSONValue] {
        try Self.authorize(reference: reference, identity: identity)
        let status = input.status ?? "idle"
        let activity = input.lastActivity ?? "Heartbeat received"
        // Most heartbeats change nothing but `last_seen`, which liveness needs only to the second
        // against a timeout of minutes: such a heartbeat is persisted at most every
        // `persistInterval`, so steady heartbeats are reads, which run in parallel, instead of
        // writes, which queue behind each other.
        // One read for the agent and its work items (the heartbeat's write cannot change them).
        let database = self.database
        let key = "\(identity.workspaceID)/\(reference)"
        let cached = try await cache.entry(for: key) {
            try await database.read { db in
                let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
                var report = try AgentWorkItems.report(db, agent: agent, now: now)
                // The cache is dropped on every ledger or budget commit (observedTables), so the flag is current.
                report["budget"] = try BudgetEvaluator.heartbeat(db, workspaceID: agent.workspaceID, agentName: agent.name, nowMs: now * 1000)
                return AgentHeartbeatCache.Entry(agent: agent, report: report)
            }
        }
        let (current, items) = (cached.agent, cached.report)
        let unchanged = current.status == status && current.lastActivity == activity && input.tokenUsage == nil
        // An unchanged heartbeat writes only when it wins this interval's claim: of a burst in
        // flight when the interval elapses, one writes and the rest are reads.
        let claimed = unchanged && cache.claimPersist(key: key, now: now, lastSeen: current.lastSeen, interval: Self.persistInterval)
        if !unchanged || claimed {
            do {
                try await write(reference: reference, status: status, activity: activity, input: input, identity: identity, now: now)
            } catch {
                if claimed { cache.releasePersist(key: key, now: now) }
                throw error
            }
        }
        var report = items
        report["checked_at"] = .number(Double(now))  // the cached report may be up to a second old
        report["token_recorded"] = .bool(input.tokenUsage != nil)
        return report
    }

    /// Stores `last_seen`, status and activity (and the token report), announcing a status change.
    private func write(
        reference: String, status: String, activity: String, input: AgentHeartbeatInput, identity: Identity, now: Int64
    ) async throws {
        try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            try db.execute(
                sql: "UPDATE agents SET status = ?, last_seen = ?, last_activity = ?, updated_at = ? WHERE id = ?",
                arguments: [status, now, activity, now, agent.id])
            if status != agent.status {
                // A real change of status is worth a line in the feed; the steady heartbeats
                // around it are not.
                try ActivityLog.append(
                    db, events: &events, type: "agent_status_change", entityType: "agent", entityID: agent.id,
                    actor: agent.name, description: "Agent status changed from \(agent.status) to \(status)",
                    data: ["oldStatus": .string(agent.status), "newStatus": .string(status), "last_activity": .string(activity)],
                    workspaceID: agent.workspaceID)
                events.append(
                    try EventLog.append(
                        db, type: "agent.status_changed", workspaceID: agent.workspaceID,
                        payload: AgentLiveness.statusPayload(
                            id: agent.id, name: agent.name, status: status, lastSeen: now, lastActivity: activity,
                            workspaceID: agent.workspaceID, source: "heartbeat")))
            }
            if let usage = input.tokenUsage {
                try Self.recordTokens(db, events: &events, usage, agent: agent, now: now)
            }
        }
    }

    /// How stale `last_seen` may get before an otherwise unchanged heartbeat is written.
    static let persistInterval: Int64 = 5

    /// Records the report in the usage ledger and `token_usage` (session `<agent>:cli`, as the
    /// original). A task id is kept only when the task exists in the agent's workspace. A
    /// repeated idempotency key is a no-op: the tokens were already counted.
    static func recordTokens(
        _ db: Database, events: inout [StoredEvent], _ usage: AgentHeartbeatInput.TokenUsage, agent: AgentRecord, now: Int64
    ) throws {
        let taskID = try usage.taskID.flatMap { id in
            try Int64.fetchOne(
                db, sql: "SELECT id FROM tasks WHERE id = ? AND workspace_id = ?", arguments: [id, agent.workspaceID])
        }
        // The ledger and `token_usage` both, priced; a repeated key counts once (TokenReportRecorder).
        _ = try TokenReportRecorder.record(
            db, events: &events,
            .init(
                model: usage.model, sessionID: "\(agent.name):cli", agentName: agent.name, inputTokens: usage.inputTokens,
                outputTokens: usage.outputTokens, taskID: taskID, operation: "heartbeat", idempotencyKey: usage.idempotencyKey,
                workspaceID: agent.workspaceID, timestampMs: now * 1000))
    }
}
