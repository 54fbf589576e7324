import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Strict workspaces (reference §5): resources without workspace ownership — an agent's
/// directory on this host, the SOUL template directory — are denied to callers whose
/// workspace has `isolation = 'strict'`.
struct WorkspaceIsolation: Sendable {
    let database: EventedDatabase

    /// The resource classes of the original that the knowledge routes touch.
    enum Resource: String, Sendable {
        case agentFilesystem = "agent_filesystem"
        case runtimeConfiguration = "runtime_configuration"
        case localSessions = "local_sessions"
        case sessionTranscripts = "session_transcripts"
    }

    static let deniedMessage =
        "This resource is unavailable in strict workspaces because it has no workspace ownership metadata"
    static let unavailableMessage = "Workspace isolation context is unavailable"

    /// True when the caller's workspace is strict; 403 when its (workspace, tenant) pair does
    /// not resolve, since then nothing says what the caller may see.
    static func isStrict(_ db: Database, identity: Identity) throws -> Bool {
        guard
            let isolation = try String.fetchOne(
                db, sql: "SELECT isolation FROM workspaces WHERE id = ? AND tenant_id = ?",
                arguments: [identity.workspaceID, identity.tenantID])
        else { throw APIError(.forbidden, unavailableMessage) }
        return isolation == "strict"
    }

    /// Returns when the caller may use `resource`; otherwise records `workspace_isolation_denied`
    /// in the audit log (committed, unlike the failed request) and throws the original's 403.
    func require(_ resource: Resource, route: String, identity: Identity, ipAddress: String) async throws {
        let strict = try await database.read { db in try Self.isStrict(db, identity: identity) }
        guard strict else { return }
        try await database.write { db, events in
            try AuditLog.append(
                db, events: &events, action: "workspace_isolation_denied", actor: identity.username,
                actorID: identity.userID,
                detail: [
                    "resource": .string(resource.rawValue), "route": .string(route),
                    "tenant_id": .number(Double(identity.tenantID)), "reason": "strict_workspace_unscoped_resource",
                ],
                ipAddress: ipAddress, workspaceID: identity.workspaceID)
        }
        throw APIError(.forbidden, Self.deniedMessage)
    }
}
