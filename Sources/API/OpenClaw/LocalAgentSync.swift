import Foundation
import GRDB
import MCShared

/// `POST /api/agents/sync?source=local`: agents defined in local folders (reference
/// mc-background §9.4). Only rows this sync created (`source='local'`) are touched: new
/// definitions are inserted `offline`, changed ones (by content hash) updated, vanished ones set
/// `offline`; nothing is deleted.
struct LocalAgentSync: Sendable {
    let database: EventedDatabase
    let roots: [String]

    /// `~/.agents`, `~/.codex/agents`, `~/.claude/agents`, `~/.hermes/skills`.
    static func roots(environment: EnvironmentReader) -> [String] {
        let home = environment.string("HOME") ?? NSHomeDirectory()
        return [".agents", ".codex/agents", ".claude/agents", ".hermes/skills"].map { (home as NSString).appendingPathComponent($0) }
    }

    /// Scans the roots and applies the result; `{ok, message, found, created, updated, offline,
    /// agents:[{id,name,action}], skipped:[{name,reason}]}`.
    func sync(identity: Identity, ipAddress: String) async throws -> JSONValue {
        var definitions: [LocalAgentDefinition] = []
        var seen: Set<String> = []
        var skipped: [JSONValue] = []
        for root in roots {
            for definition in LocalAgentDefinition.scan(root: root) {
                guard definition.name.count <= OpenClawAgentEntry.nameLimit else {
                    skipped.append(["name": .string(String(definition.name.prefix(40))), "reason": "name is longer than 100 characters"])
                    continue
                }
                guard seen.insert(definition.name).inserted else {
                    skipped.append(["name": .string(definition.name), "reason": .string("also defined earlier; \(definition.path) ignored")])
                    continue
                }
                definitions.append(definition)
            }
        }
        let found = definitions
        let alreadySkipped = skipped
        return try await database.write { db, events in
            var skipped = alreadySkipped
            var results: [JSONValue] = []
            var counts = (created: 0, updated: 0, offline: 0)
            let now = Int64(Date().timeIntervalSince1970)
            let workspace = identity.workspaceID
            for definition in found {
                let existing = try Row.fetchOne(
                    db, sql: "SELECT id, source, content_hash FROM agents WHERE name = ? AND workspace_id = ?",
                    arguments: [definition.name, workspace])
                let hash = definition.contentHash
                let config = JSONValue.object(definition.config).jsonText
                if let existing {
                    let id: Int64 = existing["id"]
                    guard existing["source"] as String? == "local" else {
                        skipped.append(["name": .string(definition.name), "reason": "an agent with this name exists and was not created by local sync"])
                        continue
                    }
                    guard existing["content_hash"] as String? != hash else { continue }
                    try db.execute(
                        sql: "UPDATE agents SET role = ?, soul_content = ?, config = ?, content_hash = ?, workspace_path = ?, updated_at = ? WHERE id = ?",
                        arguments: [definition.role, definition.soul, config, hash, definition.path, now, id])
                    events.append(
                        try EventLog.append(
                            db, type: "agent.updated", workspaceID: workspace,
                            payload: [
                                "id": .number(Double(id)), "name": .string(definition.name), "role": .string(definition.role),
                                "updated_at": .number(Double(now)), "workspace_id": .number(Double(workspace)),
                            ]))
                    counts.updated += 1
                    results.append(["id": .number(Double(id)), "name": .string(definition.name), "action": "updated"])
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO agents (name, role, soul_content, status, config, workspace_id, source, content_hash,
                                                workspace_path, created_at, updated_at)
                            VALUES (?, ?, ?, 'offline', ?, ?, 'local', ?, ?, ?, ?)
                            """,
                        arguments: [definition.name, definition.role, definition.soul, config, workspace, hash, definition.path, now, now])
                    let id = db.lastInsertedRowID
                    let row = try AgentRecord.require(db, reference: String(id), workspaceID: workspace)
                    events.append(try EventLog.append(db, type: "agent.created", workspaceID: workspace, payload: .object(row.json)))
                    counts.created += 1
                    results.append(["id": .number(Double(id)), "name": .string(definition.name), "action": "created"])
                }
            }
            let names = Set(found.map(\.name))
            let vanished = try Row.fetchAll(
                db, sql: "SELECT id, name FROM agents WHERE workspace_id = ? AND source = 'local' AND status != 'offline'",
                arguments: [workspace]
            ).filter { !names.contains($0["name"]) }
            for row in vanished {
                let id: Int64 = row["id"]
                try db.execute(sql: "UPDATE agents SET status = 'offline', updated_at = ? WHERE id = ?", arguments: [now, id])
                events.append(
                    try EventLog.append(
                        db, type: "agent.status_changed", workspaceID: workspace,
                        payload: [
                            "id": .number(Double(id)), "name": .string(row["name"]), "status": "offline",
                            "last_seen": .null, "last_activity": "Removed from local agent folders",
                            "workspace_id": .number(Double(workspace)),
                        ]))
                counts.offline += 1
                results.append(["id": .number(Double(id)), "name": .string(row["name"]), "action": "offline"])
            }
            let message = "Local agent sync: \(found.count) found, \(counts.created) created, \(counts.updated) updated, \(counts.offline) marked offline"
            if counts.created + counts.updated + counts.offline > 0 {
                try AuditLog.append(
                    db, events: &events, action: "local_agent_sync", actor: identity.username, actorID: identity.userID,
                    detail: [
                        "found": .number(Double(found.count)), "created": .number(Double(counts.created)),
                        "updated": .number(Double(counts.updated)), "offline": .number(Double(counts.offline)),
                    ],
                    ipAddress: ipAddress, workspaceID: workspace)
            }
            return [
                "ok": true, "message": .string(message), "found": .number(Double(found.count)),
                "created": .number(Double(counts.created)), "updated": .number(Double(counts.updated)),
                "offline": .number(Double(counts.offline)), "agents": .array(results), "skipped": .array(skipped),
            ]
        }
    }
}
