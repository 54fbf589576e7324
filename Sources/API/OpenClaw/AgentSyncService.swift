import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `GET` / `POST /api/agents/sync`: agents from OpenClaw's `openclaw.json` (reference §7.4,
/// mc-background §4.7). Agents are matched by name in the caller's workspace, created
/// `offline`, updated when their config, role or SOUL differ, and never deleted.
struct AgentSyncService: Sendable {
    /// Largest `openclaw.json` read.
    static let configSizeLimit = 10 << 20
    /// Config keys the sync owns; other keys an agent has are kept.
    static let managedKeys: Set<String> = [
        "openclawId", "model", "identity", "sandbox", "tools", "subagents", "memorySearch", "workspace", "agentDir",
        "isDefault",
    ]

    let database: EventedDatabase
    let paths: OpenClawPaths

    /// The entries of `agents.list`, and the ones skipped with their reasons.
    struct Plan: Sendable {
        var entries: [OpenClawAgentEntry] = []
        var skipped: [JSONValue] = []
    }

    /// Reads and maps `openclaw.json`; 400 with the path when it is missing or unreadable.
    func plan() throws -> Plan {
        let path = paths.configPath
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw APIError(.badRequest, "OpenClaw config not found at \(path); set OPENCLAW_CONFIG_PATH or OPENCLAW_STATE_DIR")
        }
        guard (attributes[.size] as? Int ?? 0) <= Self.configSizeLimit, let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)
        else { throw APIError(.badRequest, "OpenClaw config at \(path) is unreadable or larger than 10 MiB") }
        guard let document = LenientJSON.parse(text), case .object = document else {
            throw APIError(.badRequest, "OpenClaw config at \(path) is not valid JSON")
        }
        var plan = Plan()
        guard case .array(let list)? = document["agents"]?["list"] else { return plan }
        var seen: Set<String> = []
        for (index, item) in list.enumerated() {
            do throws(OpenClawEntryError) {
                let entry = try OpenClawAgentEntry(item, paths: paths)
                guard seen.insert(entry.name).inserted else { throw OpenClawEntryError("duplicate name \"\(entry.name)\"") }
                plan.entries.append(entry)
            } catch {
                plan.skipped.append(["index": .number(Double(index)), "reason": .string(error.reason)])
            }
        }
        return plan
    }

    /// `{inConfig, inMC, newAgents, updatedAgents, onlyInMC, skipped}`: what a sync would do.
    func preview(workspaceID: Int64) async throws -> JSONValue {
        let plan = try plan()
        return try await database.read { db in
            let agents = try Row.fetchAll(db, sql: "SELECT * FROM agents WHERE workspace_id = ? ORDER BY name", arguments: [workspaceID])
                .map(AgentRecord.init(row:))
            let byName = Dictionary(agents.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let names = Set(plan.entries.map(\.name))
            return [
                "inConfig": .number(Double(plan.entries.count)), "inMC": .number(Double(agents.count)),
                "newAgents": .array(plan.entries.filter { byName[$0.name] == nil }.map { .string($0.name) }),
                "updatedAgents": .array(
                    plan.entries.compactMap { entry in
                        guard let agent = byName[entry.name], Self.change(entry, agent) != nil else { return nil }
                        return .string(entry.name)
                    }),
                "onlyInMC": .array(agents.filter { !names.contains($0.name) }.map { .string($0.name) }),
                "skipped": .array(plan.skipped),
            ]
        }
    }

    /// Applies the plan; `{synced, created, updated, agents:[{id,name,action}], skipped}`.
    func sync(identity: Identity, ipAddress: String) async throws -> JSONValue {
        let plan = try plan()
        return try await database.write { db, events in
            var results: [JSONValue] = []
            var created = 0
            var updated = 0
            let now = Int64(Date().timeIntervalSince1970)
            for entry in plan.entries {
                if let agent = try AgentRecord.find(db, name: entry.name, workspaceID: identity.workspaceID) {
                    guard let config = Self.change(entry, agent) else {
                        results.append(["id": .number(Double(agent.id)), "name": .string(agent.name), "action": "unchanged"])
                        continue
                    }
                    try db.execute(
                        sql: "UPDATE agents SET role = ?, config = ?, soul_content = COALESCE(?, soul_content), updated_at = ? WHERE id = ?",
                        arguments: [entry.role, JSONValue.object(config).jsonText, entry.soul, now, agent.id])
                    events.append(
                        try EventLog.append(
                            db, type: "agent.updated", workspaceID: identity.workspaceID,
                            payload: [
                                "id": .number(Double(agent.id)), "name": .string(agent.name), "role": .string(entry.role),
                                "updated_at": .number(Double(now)), "workspace_id": .number(Double(identity.workspaceID)),
                            ]))
                    updated += 1
                    results.append(["id": .number(Double(agent.id)), "name": .string(agent.name), "action": "updated"])
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO agents (name, role, soul_content, status, config, workspace_id, source, created_at, updated_at)
                            VALUES (?, ?, ?, 'offline', ?, ?, 'openclaw', ?, ?)
                            """,
                        arguments: [entry.name, entry.role, entry.soul, JSONValue.object(entry.config).jsonText, identity.workspaceID, now, now])
                    let id = db.lastInsertedRowID
                    let row = try AgentRecord.require(db, reference: String(id), workspaceID: identity.workspaceID)
                    var payload = row.json
                    payload["taskStats"] = ["total": 0, "assigned": 0, "in_progress": 0, "quality_review": 0, "done": 0, "completed": 0]
                    events.append(try EventLog.append(db, type: "agent.created", workspaceID: identity.workspaceID, payload: .object(payload)))
                    created += 1
                    results.append(["id": .number(Double(id)), "name": .string(entry.name), "action": "created"])
                }
            }
            if created + updated > 0 {
                let summary: JSONValue = [
                    "synced": .number(Double(plan.entries.count)), "created": .number(Double(created)),
                    "updated": .number(Double(updated)), "workspace_id": .number(Double(identity.workspaceID)),
                ]
                try AuditLog.append(
                    db, events: &events, action: "agent_config_sync", actor: identity.username, actorID: identity.userID,
                    detail: summary, ipAddress: ipAddress, workspaceID: identity.workspaceID)
                events.append(try EventLog.append(db, type: "agent.synced", workspaceID: identity.workspaceID, payload: summary))
            }
            return [
                "synced": .number(Double(plan.entries.count)), "created": .number(Double(created)),
                "updated": .number(Double(updated)), "agents": .array(results), "skipped": .array(plan.skipped),
            ]
        }
    }

    /// The agent's new config when the entry changes it (config, role, or a SOUL read from the
    /// workspace); nil when nothing would change. Keys the sync does not own are kept.
    static func change(_ entry: OpenClawAgentEntry, _ agent: AgentRecord) -> [String: JSONValue]? {
        var config = agent.config.filter { !managedKeys.contains($0.key) }
        config.merge(entry.config) { _, new in new }
        let soulChanged = entry.soul.map { $0 != (agent.soulContent ?? "") } ?? false
        return config != agent.config || entry.role != agent.role || soulChanged ? config : nil
    }
}
