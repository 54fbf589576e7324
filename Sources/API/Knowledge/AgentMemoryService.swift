import Foundation
import GRDB
import HTTPTypes
import MCShared

/// An agent's working memory (reference §7.4): a scratchpad kept in `agents.working_memory`
/// and mirrored to `WORKING.md` in the agent's workspace when it has one. Reads take the
/// workspace file when it is newer than the database copy, so an agent that edits its file
/// directly is seen; strict workspaces use the database only (§5).
struct AgentMemoryService: Sendable {
    let database: EventedDatabase

    /// Largest memory, in UTF-16 code units (the original's JavaScript `length`).
    static let maximumLength = 524_288
    static let tooLargeMessage = "Working memory too large (max \(maximumLength) characters)"
    /// Workspace files that hold memory, in order of preference.
    static let workspaceFiles = ["WORKING.md", "working.md", "MEMORY.md", "memory.md"]

    /// The memory a read shows and where it came from.
    struct Memory: Sendable {
        var content: String
        /// `workspace`, `database` or `none`.
        var source: String
        var updatedAt: Int64
    }

    /// `{agent:{id,name,role}, working_memory, source, updated_at, size}`.
    func read(reference: String, identity: Identity) async throws -> JSONValue {
        try AgentHeartbeatService.authorize(reference: reference, identity: identity)
        return try await database.read { db in
            let strict = try WorkspaceIsolation.isStrict(db, identity: identity)
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let memory = Self.current(agent, strict: strict)
            return [
                "agent": ["id": .number(Double(agent.id)), "name": .string(agent.name), "role": .string(agent.role)],
                "working_memory": .string(memory.content), "source": .string(memory.source),
                "updated_at": .number(Double(memory.updatedAt)), "size": .number(Double(memory.content.utf16.count)),
            ]
        }
    }

    /// Replaces the memory, or appends `## <ISO time>\n<text>` to what a read shows now.
    /// 413 when the result is longer than `maximumLength`.
    func write(reference: String, text: String, append: Bool, identity: Identity, now: Date = Date()) async throws
        -> JSONValue
    {
        try AgentHeartbeatService.authorize(reference: reference, identity: identity)
        return try await database.write { db, events in
            let strict = try WorkspaceIsolation.isStrict(db, identity: identity)
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            var content = text
            if append {
                let current = Self.current(agent, strict: strict).content
                content = current + (current.isEmpty ? "" : "\n\n") + "## \(Self.isoTimestamp(now))\n\(text)"
            }
            guard content.utf16.count <= Self.maximumLength else {
                throw APIError(.contentTooLarge, Self.tooLargeMessage)
            }
            let stamp = Int64(now.timeIntervalSince1970)
            let saved = Self.mirror(content, agent: agent, strict: strict)
            try Self.store(db, content, agent: agent, at: stamp)
            let verb = append ? "appended" : "updated"
            try ActivityLog.append(
                db, events: &events, type: "agent_memory_updated", entityType: "agent", entityID: agent.id,
                actor: agent.name, description: "Working memory \(verb) for agent \(agent.name)",
                data: [
                    "content_length": .number(Double(content.utf16.count)), "append_mode": .bool(append),
                    "timestamp": .number(Double(stamp)), "saved_to_workspace": .bool(saved),
                ],
                workspaceID: agent.workspaceID)
            events.append(try Self.agentUpdated(db, agent: agent, at: stamp))
            return [
                "success": true, "message": .string("Working memory \(verb) for \(agent.name)"),
                "working_memory": .string(content), "saved_to_workspace": .bool(saved),
                "updated_at": .number(Double(stamp)), "size": .number(Double(content.utf16.count)),
            ]
        }
    }

    /// Empties the memory in the database and in the workspace's `WORKING.md`.
    func clear(reference: String, identity: Identity, now: Date = Date()) async throws -> JSONValue {
        try AgentHeartbeatService.authorize(reference: reference, identity: identity)
        return try await database.write { db, events in
            let strict = try WorkspaceIsolation.isStrict(db, identity: identity)
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let stamp = Int64(now.timeIntervalSince1970)
            let saved = Self.mirror("", agent: agent, strict: strict)
            try Self.store(db, "", agent: agent, at: stamp)
            try ActivityLog.append(
                db, events: &events, type: "agent_memory_cleared", entityType: "agent", entityID: agent.id,
                actor: agent.name, description: "Working memory cleared for agent \(agent.name)",
                data: ["timestamp": .number(Double(stamp))], workspaceID: agent.workspaceID)
            events.append(try Self.agentUpdated(db, agent: agent, at: stamp))
            return [
                "success": true, "message": .string("Working memory cleared for \(agent.name)"), "working_memory": "",
                "saved_to_workspace": .bool(saved), "updated_at": .number(Double(stamp)),
            ]
        }
    }

    /// The memory as a read shows it: the first non-empty workspace memory file when the
    /// database copy is empty or older than the file, else the database copy.
    static func current(_ agent: AgentRecord, strict: Bool) -> Memory {
        let stored = agent.json["working_memory"]?.stringValue ?? ""
        let stamp = agent.json["working_memory_updated_at"]?.intValue.map(Int64.init)
        if !strict, let workspace = AgentWorkspace.optional(config: agent.config),
            // An unreadable file (too large, a symlink out of the workspace) is not the memory.
            let file = try? workspace.read(firstOf: workspaceFiles), !file.content.isEmpty,
            stored.isEmpty || file.modified > Double(stamp ?? 0)
        {
            return Memory(content: file.content, source: "workspace", updatedAt: Int64(file.modified))
        }
        return Memory(
            content: stored, source: stored.isEmpty ? "none" : "database", updatedAt: stamp ?? agent.updatedAt)
    }

    /// Writes `content` to the workspace's `WORKING.md`; false when there is no workspace (or a
    /// strict one) or the write failed — the database copy is saved either way, as the original.
    static func mirror(_ content: String, agent: AgentRecord, strict: Bool) -> Bool {
        guard !strict, let workspace = AgentWorkspace.optional(config: agent.config) else { return false }
        return (try? workspace.write("WORKING.md", content: content)) != nil
    }

    /// Stores the database copy and when it changed.
    static func store(_ db: Database, _ content: String, agent: AgentRecord, at stamp: Int64) throws {
        try db.execute(
            sql: "UPDATE agents SET working_memory = ?, working_memory_updated_at = ?, updated_at = ? WHERE id = ?",
            arguments: [content, stamp, stamp, agent.id])
    }

    /// The `agent.updated` event of a knowledge change: `{id, name, updated_at, workspace_id}`.
    static func agentUpdated(_ db: Database, agent: AgentRecord, at stamp: Int64) throws -> StoredEvent {
        try EventLog.append(
            db, type: "agent.updated", workspaceID: agent.workspaceID,
            payload: [
                "id": .number(Double(agent.id)), "name": .string(agent.name), "updated_at": .number(Double(stamp)),
                "workspace_id": .number(Double(agent.workspaceID)),
            ])
    }

    /// `2026-01-02T03:04:05.678Z`, as JavaScript's `toISOString`.
    static func isoTimestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
