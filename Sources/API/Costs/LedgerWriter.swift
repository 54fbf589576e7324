import Foundation
import GRDB
import MCShared
import MCTranscripts

/// Writes `usage_ledger` rows inside a caller's transaction, applying `UsageCopyRule` to rows
/// stored by earlier batches: the scanner's de-duplicator forgets old responses and restarts
/// empty, so the ledger is where "counted once" is finally enforced.
enum LedgerWriter {
    /// What happened to one entry.
    enum Outcome: Sendable, Equatable {
        /// A new row.
        case inserted
        /// A better copy replaced a stored row.
        case replaced
        /// A copy that does not beat the stored one (or a repeated report): nothing changed.
        case kept
    }

    private struct Stored {
        var id: Int64
        var line: TranscriptLine
    }

    /// Stores `entry` priced with `catalog`; returns what happened.
    @discardableResult
    static func write(_ db: Database, _ entry: LedgerEntry, catalog: PricingCatalog, nowSeconds: Int64) throws -> Outcome {
        let cost = catalog.cost(of: entry.usage, model: entry.model, speed: entry.speed)
        let flags = Array(Set(entry.flags + cost.flags.names)).sorted()
        let flagsText = JSONValue.array(flags.map(JSONValue.string)).jsonText
        let columns: [(String, (any DatabaseValueConvertible)?)] = [
            ("source", entry.source.rawValue), ("session_id", entry.sessionID), ("project_slug", entry.projectSlug),
            ("cwd", entry.cwd), ("git_branch", entry.gitBranch), ("agent_name", entry.agentName),
            ("subagent_id", entry.subagentID), ("task_id", entry.taskID), ("message_id", entry.messageID),
            ("request_id", entry.requestID), ("sidechain", entry.sidechain), ("speed", entry.speed), ("model", entry.model),
            ("normalized_model", cost.normalizedModel ?? entry.model), ("timestamp_ms", entry.timestampMs),
            ("input_tokens", entry.usage.input), ("output_tokens", entry.usage.output),
            ("cache_write_5m_tokens", entry.usage.cacheCreation5m), ("cache_write_1h_tokens", entry.usage.cacheCreation1h),
            ("cache_read_tokens", entry.usage.cacheRead), ("cost_micros", cost.microdollars), ("flags", flagsText),
            ("operation", entry.operation), ("workspace_id", entry.workspaceID), ("updated_at", nowSeconds),
        ]
        if let stored = try match(db, entry) {
            // A report's key is an idempotency key: a retry is the same report, never an improvement.
            guard entry.source == .transcript, UsageCopyRule.prefers(entry.copyLine, over: stored.line) else { return .kept }
            var assignments = columns
            if let key = entry.storageKey { assignments.append(("storage_key", key)) }
            // Statements are cached: the column lists are fixed, and a large scan writes many rows.
            try db.cachedStatement(
                sql: "UPDATE usage_ledger SET \(assignments.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE id = ?"
            ).execute(arguments: StatementArguments(assignments.map(\.1) + [stored.id]))
            return .replaced
        }
        let inserted = columns + [("storage_key", entry.storageKey), ("created_at", nowSeconds)]
        try db.cachedStatement(
            sql: """
                INSERT INTO usage_ledger (\(inserted.map(\.0).joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: inserted.count).joined(separator: ", ")))
                """
        ).execute(arguments: StatementArguments(inserted.map(\.1)))
        return .inserted
    }

    /// The stored copy of the same response: the row with the same key, else (transcripts only)
    /// a row with the same `message.id` that `UsageCopyRule.areCopies` would merge — a sidechain
    /// replay stored under another `requestId` by an earlier batch.
    private static func match(_ db: Database, _ entry: LedgerEntry) throws -> Stored? {
        let select = "SELECT id, message_id, request_id, sidechain, speed, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens FROM usage_ledger"
        var row: Row?
        if let key = entry.storageKey {
            row = try Row.fetchOne(db.cachedStatement(sql: "\(select) WHERE storage_key = ?"), arguments: [key])
        }
        if row == nil, entry.source == .transcript, let messageID = entry.messageID {
            row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "\(select) WHERE message_id = ? AND (request_id IS ? OR sidechain = 1 OR ? = 1) ORDER BY sidechain LIMIT 1"),
                arguments: [messageID, entry.requestID, entry.sidechain])
        }
        guard let row else { return nil }
        let usage = TokenUsage(
            input: row["input_tokens"], output: row["output_tokens"], cacheCreation5m: row["cache_write_5m_tokens"],
            cacheCreation1h: row["cache_write_1h_tokens"], cacheRead: row["cache_read_tokens"])
        let line = TranscriptLine(
            isSidechain: row["sidechain"], messageID: row["message_id"], requestID: row["request_id"], usage: usage,
            speed: row["speed"])
        return Stored(id: row["id"], line: line)
    }
}
