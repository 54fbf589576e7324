import Foundation
import GRDB
import MCShared
import MCTranscripts

/// The `mc-api` side of the transcript scanner: stores a batch's records and its file offset
/// in one transaction (so the offset advances only with the lines it covers), hands the stored
/// offsets back, and marks files gone. Ledger rows outlive their transcripts.
struct SessionLedger: Sendable {
    /// The event published after an ingest that changed the ledger (original's catalogue).
    static let updatedEvent = "session.updated"

    let database: EventedDatabase

    /// Stores `batch`; answers `{stored, replaced}`.
    func ingest(_ batch: SessionIngestBatch, now: Date = Date()) async throws -> JSONValue {
        let nowSeconds = Int64(now.timeIntervalSince1970)
        return try await database.write { db, events in
            let catalog = try PricingOverrides.catalog(db)
            var stored = 0
            var replaced = 0
            var sessions: [String: String?] = [:]
            var spenders: [Int64: Set<String>] = [:]  // workspace → agents whose spend changed
            for entry in batch.entries {
                switch try LedgerWriter.write(db, entry, catalog: catalog, nowSeconds: nowSeconds) {
                case .inserted: stored += 1
                case .replaced: replaced += 1
                case .kept: continue
                }
                spenders[entry.workspaceID, default: []].formUnion([entry.agentName].compactMap { $0 })
                if let session = entry.sessionID { sessions.updateValue(entry.projectSlug, forKey: session) }
            }
            for (workspace, agents) in spenders.sorted(by: { $0.key < $1.key }) {
                try BudgetEvaluator.evaluate(
                    db, events: &events, workspaceID: workspace, agentNames: agents, nowMs: Int64(now.timeIntervalSince1970 * 1000))
            }
            let file = batch.file
            try db.execute(
                sql: """
                    INSERT INTO transcript_files (path, device, inode, size, offset, session_id, project, agent_id, kind,
                                                  updated_at, deleted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                    ON CONFLICT(path) DO UPDATE SET device = excluded.device, inode = excluded.inode, size = excluded.size,
                        offset = excluded.offset, session_id = excluded.session_id, project = excluded.project,
                        agent_id = excluded.agent_id, kind = excluded.kind, updated_at = excluded.updated_at, deleted_at = NULL
                    """,
                arguments: [
                    file.path, Int64(bitPattern: file.state.device), Int64(bitPattern: file.state.inode), file.state.size,
                    file.state.offset, file.sessionID, file.project, file.agentID, file.kind, nowSeconds,
                ])
            // Transcripts belong to the machine, so their rows live in the default workspace.
            for (session, project) in sessions.sorted(by: { $0.key < $1.key }) {
                events.append(
                    try EventLog.append(
                        db, type: Self.updatedEvent, workspaceID: 1,
                        payload: [
                            "session_id": .string(session), "project": project.map(JSONValue.string) ?? .null,
                            "workspace_id": 1,
                        ]))
            }
            return ["stored": .number(Double(stored)), "replaced": .number(Double(replaced))]
        }
    }

    /// `{"files": [{path, device, inode, size, offset}]}` for every file not marked deleted.
    func state() async throws -> JSONValue {
        try await database.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT path, device, inode, size, offset FROM transcript_files WHERE deleted_at IS NULL ORDER BY path")
            let files: [JSONValue] = rows.map { row in
                let device: Int64 = row["device"]
                let inode: Int64 = row["inode"]
                let size: Int64 = row["size"]
                let offset: Int64 = row["offset"]
                return [
                    "path": .string(row["path"]), "device": .number(Double(UInt64(bitPattern: device))),
                    "inode": .number(Double(UInt64(bitPattern: inode))), "size": .number(Double(size)),
                    "offset": .number(Double(offset)),
                ]
            }
            return ["files": .array(files)]
        }
    }

    /// Marks `path` deleted (its ledger rows stay); answers `{removed: bool}`.
    func fileRemoved(path: String, now: Date = Date()) async throws -> JSONValue {
        let nowSeconds = Int64(now.timeIntervalSince1970)
        return try await database.write { db, _ in
            try db.execute(
                sql: "UPDATE transcript_files SET deleted_at = ?, updated_at = ? WHERE path = ? AND deleted_at IS NULL",
                arguments: [nowSeconds, nowSeconds, path])
            return ["removed": .bool(db.changesCount > 0)]
        }
    }
}
