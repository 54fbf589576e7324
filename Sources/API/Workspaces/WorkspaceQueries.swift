import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Reads of the `workspaces` table (reference §5, §7.3), always within one tenant: a workspace
/// of another tenant is reported like a missing one.
enum WorkspaceQueries {
    static let columns = "id, slug, name, tenant_id, brand, isolation, created_at, updated_at"

    /// The tenant's workspaces, `default` first, then by name.
    static func list(_ db: Database, tenantID: Int64) throws -> [JSONValue] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT \(columns) FROM workspaces WHERE tenant_id = ?
                ORDER BY (slug = 'default') DESC, name COLLATE NOCASE, id
                """,
            arguments: [tenantID]
        ).map(json)
    }

    /// One workspace of the tenant, or nil.
    static func find(_ db: Database, id: Int64, tenantID: Int64) throws -> Row? {
        try Row.fetchOne(
            db, sql: "SELECT \(columns) FROM workspaces WHERE id = ? AND tenant_id = ?", arguments: [id, tenantID])
    }

    /// One workspace of the tenant, or 404 "Workspace not found".
    static func require(_ db: Database, id: Int64, tenantID: Int64) throws -> Row {
        guard let row = try find(db, id: id, tenantID: tenantID) else {
            throw APIError(.notFound, "Workspace not found")
        }
        return row
    }

    /// The workspace with its number of agents (`GET /api/workspaces/{id}`).
    static func detail(_ db: Database, id: Int64, tenantID: Int64) throws -> JSONValue {
        let row = try require(db, id: id, tenantID: tenantID)
        let agents = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM agents WHERE workspace_id = ?", arguments: [id]) ?? 0
        guard case .object(var fields) = json(row) else { return .null }
        fields["agent_count"] = .number(Double(agents))
        return .object(fields)
    }

    /// A workspace row as the original returns it.
    static func json(_ row: Row) -> JSONValue {
        [
            "id": .number(Double(row["id"] as Int64)), "slug": .string(row["slug"]), "name": .string(row["name"]),
            "tenant_id": .number(Double(row["tenant_id"] as Int64)),
            "brand": (row["brand"] as String?).map(JSONValue.string) ?? .null, "isolation": .string(row["isolation"]),
            "created_at": .number(Double(row["created_at"] as Int64)),
            "updated_at": .number(Double(row["updated_at"] as Int64)),
        ]
    }

    /// Where a deleted workspace's rows go: the tenant's `default` workspace, else its oldest
    /// other workspace, else workspace 1 (the original fell back to 1 directly, which could hand
    /// one tenant's rows to another).
    static func fallback(_ db: Database, excluding id: Int64, tenantID: Int64) throws -> Int64 {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT id FROM workspaces WHERE tenant_id = ? AND id != ?
                ORDER BY (slug = 'default') DESC, id LIMIT 1
                """,
            arguments: [tenantID, id]) ?? 1
    }

    /// True when the slug is taken in any tenant (slugs are globally unique).
    static func slugTaken(_ db: Database, _ slug: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM workspaces WHERE slug = ?)", arguments: [slug]) ?? false
    }
}
