import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Strict workspaces may not use deployment-global resources that carry no workspace
/// ownership: the host's files, OpenClaw's configuration, local sessions (reference §5).
enum WorkspaceIsolation {
    /// The resource classes of reference §5 that this server has.
    enum Resource: String, Sendable {
        case agentFilesystem = "agent_filesystem"
        case runtimeConfiguration = "runtime_configuration"
        case localSessions = "local_sessions"
        case sessionTranscripts = "session_transcripts"
    }

    /// The refusal's message, the original's.
    static let deniedMessage =
        "This resource is unavailable in strict workspaces because it has no workspace ownership metadata"

    /// 403 (and an audit row `workspace_isolation_denied`) when the caller's workspace is strict.
    static func require(
        _ resource: Resource, route: String, identity: Identity, ipAddress: String, database: EventedDatabase
    ) async throws {
        let isolation = try await database.read { db in
            try String.fetchOne(db, sql: "SELECT isolation FROM workspaces WHERE id = ?", arguments: [identity.workspaceID])
        }
        guard isolation == "strict" else { return }
        try await database.write { db, events in
            try AuditLog.append(
                db, events: &events, action: "workspace_isolation_denied", actor: identity.username, actorID: identity.userID,
                detail: [
                    "resource": .string(resource.rawValue), "route": .string(route),
                    "tenant_id": .number(Double(identity.tenantID)), "reason": "strict_workspace",
                ],
                ipAddress: ipAddress, workspaceID: identity.workspaceID)
        }
        throw APIError(.forbidden, deniedMessage)
    }
}
