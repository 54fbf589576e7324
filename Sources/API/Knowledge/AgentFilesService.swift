import Foundation
import GRDB
import HTTPTypes
import MCShared

/// The files of an agent's workspace that the dashboard edits (reference §7.4). Only the
/// listed names are accepted, so no path from a request ever reaches the filesystem; writing
/// `soul.md` or `WORKING.md` also updates the database copy the SOUL and memory routes read.
struct AgentFilesService: Sendable {
    let database: EventedDatabase

    /// The editable files, in the order a listing shows them.
    static let allowedFiles = [
        "agent.md", "identity.md", "soul.md", "WORKING.md", "MEMORY.md", "TOOLS.md", "AGENTS.md", "MISSION.md",
        "USER.md",
    ]
    /// Largest file written, in bytes.
    static let maximumSize = AgentWorkspace.maximumFileSize
    static let tooLargeMessage = "File content too large (max \(maximumSize) bytes)"

    /// 400 unless `name` is one of `allowedFiles`.
    static func checkName(_ name: String) throws {
        guard allowedFiles.contains(name) else {
            throw APIError(
                .badRequest, "Unsupported file: \(name). Allowed files: \(allowedFiles.joined(separator: ", "))")
        }
    }

    /// The names a file is also found under (the other common spelling of its case).
    static func aliases(_ name: String) -> [String] {
        let stem = String(name.dropLast(3))
        let other = (stem == stem.uppercased() ? stem.lowercased() : stem.uppercased()) + ".md"
        return [name, other]
    }

    /// `{agent:{id,name}, workspace, files:{<file>:{exists,content}}}` for `file`, or for every
    /// allowed file when `file` is nil.
    func read(reference: String, file: String?, identity: Identity) async throws -> JSONValue {
        try AgentHeartbeatService.authorize(reference: reference, identity: identity)
        if let file { try Self.checkName(file) }
        // The files are read on the database's reader queue, where blocking is expected, rather
        // than on the cooperative thread pool.
        return try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let workspace = try AgentWorkspace.require(config: agent.config)
            var files: [String: JSONValue] = [:]
            for name in file.map({ [$0] }) ?? Self.allowedFiles {
                let found = try workspace.read(firstOf: Self.aliases(name))
                files[name] = ["exists": .bool(found != nil), "content": .string(found?.content ?? "")]
            }
            return [
                "agent": ["id": .number(Double(agent.id)), "name": .string(agent.name)],
                "workspace": .string(workspace.root), "files": .object(files),
            ]
        }
    }

    /// Writes `content` to `file` and returns `{success, file, size}` (size in bytes).
    func write(reference: String, file: String, content: String, identity: Identity) async throws -> JSONValue {
        try AgentHeartbeatService.authorize(reference: reference, identity: identity)
        let size = content.utf8.count
        guard size <= Self.maximumSize else { throw APIError(.contentTooLarge, Self.tooLargeMessage) }
        try Self.checkName(file)
        // The database copies keep their own limits, so the two never disagree.
        if file == "soul.md", content.count > AgentCreateInput.soulLimit {
            throw APIError(.badRequest, "soul.md must be at most \(AgentCreateInput.soulLimit) characters")
        }
        if file == "WORKING.md", content.utf16.count > AgentMemoryService.maximumLength {
            throw APIError(.contentTooLarge, AgentMemoryService.tooLargeMessage)
        }
        return try await database.write { db, events in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let workspace = try AgentWorkspace.require(config: agent.config)
            try workspace.write(file, content: content)
            let now = Int64(Date().timeIntervalSince1970)
            switch file {
            case "soul.md":
                try db.execute(
                    sql: "UPDATE agents SET soul_content = ?, updated_at = ? WHERE id = ?",
                    arguments: [content, now, agent.id])
                events.append(try AgentMemoryService.agentUpdated(db, agent: agent, at: now))
            case "WORKING.md":
                try AgentMemoryService.store(db, content, agent: agent, at: now)
                events.append(try AgentMemoryService.agentUpdated(db, agent: agent, at: now))
            default:
                break
            }
            try ActivityLog.append(
                db, events: &events, type: "agent_workspace_file_updated", entityType: "agent", entityID: agent.id,
                actor: identity.username, description: "\(file) updated for \(agent.name)",
                data: ["file": .string(file), "size": .number(Double(size))], workspaceID: agent.workspaceID)
            return ["success": true, "file": .string(file), "size": .number(Double(size))]
        }
    }
}
