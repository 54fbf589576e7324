import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Workspace writes (reference §7.3): create (with its `General` project), rename/rebrand, and
/// delete after moving the workspace's rows to the tenant's default workspace.
struct WorkspaceCommands {
    let database: EventedDatabase

    /// Creates a workspace in the caller's tenant. Difference from the original: the workspace
    /// also gets its `General` project (slug `general`, prefix `TASK`) in the same transaction,
    /// so `POST /api/tasks` works there (quirk 10).
    func create(_ input: WorkspaceInput, by actor: Identity, ip: String) async throws -> JSONValue {
        let slug = input.slug ?? WorkspaceInput.slug(input.name)
        guard !slug.isEmpty else { throw APIError(.badRequest, "Invalid workspace slug") }
        let brand: String? = if case .set(let value) = input.brand { value } else { nil }
        let isolation = input.isolation ?? "shared"
        return try await database.write { db, events in
            if try WorkspaceQueries.slugTaken(db, slug) { throw APIError(.conflict, "Workspace slug already exists") }
            let now = TaskWriteSupport.now()
            try db.execute(
                sql: """
                    INSERT INTO workspaces (slug, name, tenant_id, brand, isolation, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [slug, input.name, actor.tenantID, brand, isolation, now, now])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: """
                    INSERT INTO projects (workspace_id, name, slug, description, ticket_prefix, created_at, updated_at)
                    VALUES (?, 'General', 'general', 'Default project for uncategorized tasks', 'TASK', ?, ?)
                    """,
                arguments: [id, now, now])
            try AuditLog.append(
                db, events: &events, action: "workspace_created", actor: actor.username, actorID: actor.userID,
                targetType: "workspace", targetID: id,
                detail: [
                    "name": .string(input.name), "slug": .string(slug), "tenant_id": .number(Double(actor.tenantID)),
                    "brand": brand.map(JSONValue.string) ?? .null, "isolation": .string(isolation),
                ],
                ipAddress: ip, workspaceID: actor.workspaceID)
            return WorkspaceQueries.json(try WorkspaceQueries.require(db, id: id, tenantID: actor.tenantID))
        }
    }

    /// Renames a workspace; brand and isolation change only when the body names them.
    func update(id: Int64, _ input: WorkspaceInput, by actor: Identity, ip: String) async throws -> JSONValue {
        try await database.write { db, events in
            let old = try WorkspaceQueries.require(db, id: id, tenantID: actor.tenantID)
            let brand: String? = if case .set(let value) = input.brand { value } else { old["brand"] }
            let isolation = input.isolation ?? old["isolation"]
            try db.execute(
                sql: "UPDATE workspaces SET name = ?, brand = ?, isolation = ?, updated_at = ? WHERE id = ?",
                arguments: [input.name, brand, isolation, TaskWriteSupport.now(), id])
            try AuditLog.append(
                db, events: &events, action: "workspace_updated", actor: actor.username, actorID: actor.userID,
                targetType: "workspace", targetID: id,
                detail: [
                    "old_name": .string(old["name"]), "new_name": .string(input.name),
                    "old_brand": (old["brand"] as String?).map(JSONValue.string) ?? .null,
                    "brand": brand.map(JSONValue.string) ?? .null,
                    "old_isolation": .string(old["isolation"]), "isolation": .string(isolation),
                ],
                ipAddress: ip, workspaceID: actor.workspaceID)
            return WorkspaceQueries.json(try WorkspaceQueries.require(db, id: id, tenantID: actor.tenantID))
        }
    }

    /// Deletes a workspace after moving its rows; returns its name and where the rows went.
    func delete(id: Int64, by actor: Identity, ip: String) async throws -> (name: String, movedTo: Int64) {
        try await database.write { db, events in
            let row = try WorkspaceQueries.require(db, id: id, tenantID: actor.tenantID)
            let name: String = row["name"]
            let slug: String = row["slug"]
            guard id != 1, slug != "default" else { throw APIError(.badRequest, "Cannot delete the default workspace") }
            let target = try WorkspaceQueries.fallback(db, excluding: id, tenantID: actor.tenantID)
            try WorkspaceRelocation(from: id, to: target).run(db)
            try db.execute(sql: "DELETE FROM workspaces WHERE id = ?", arguments: [id])
            try AuditLog.append(
                db, events: &events, action: "workspace_deleted", actor: actor.username, actorID: actor.userID,
                targetType: "workspace", targetID: id,
                detail: ["name": .string(name), "slug": .string(slug), "moved_to": .number(Double(target))],
                ipAddress: ip, workspaceID: actor.workspaceID == id ? target : actor.workspaceID)
            return (name, target)
        }
    }
}
