import Foundation
import GRDB
import MCShared
import MCTranscripts

/// Records an agent's token report (`POST /api/tokens`, heartbeat inline reports) in the
/// ledger, priced with the current catalog, and — for the reports and optimiser that still read
/// it — in the original's `token_usage` table. The ledger key is `r:<workspace>:<idempotency
/// key>`, so a retried report is counted once in both tables.
enum TokenReportRecorder {
    /// One report.
    struct Report: Sendable {
        var model: String
        var sessionID: String
        var agentName: String?
        var inputTokens: Int64
        var outputTokens: Int64
        var taskID: Int64?
        var operation: String
        var idempotencyKey: String?
        var workspaceID: Int64
        var timestampMs: Int64
    }

    /// What was recorded: the ledger row id, its cost, and whether it repeated an earlier report.
    struct Recorded: Sendable {
        var id: Int64
        var costMicros: Int64?
        var flags: [String]
        var duplicate: Bool
    }

    /// The ledger key of a report with `idempotencyKey` in `workspaceID`.
    static func storageKey(_ idempotencyKey: String?, workspaceID: Int64) -> String? {
        idempotencyKey.map { "r:\(workspaceID):\($0)" }
    }

    /// Records `report` in the current transaction, then announces the budget thresholds a new
    /// row crossed (`BudgetEvaluator`, same transaction).
    static func record(_ db: Database, events: inout [StoredEvent], _ report: Report) throws -> Recorded {
        let catalog = try PricingOverrides.catalog(db)
        let key = storageKey(report.idempotencyKey, workspaceID: report.workspaceID)
        let usage = TokenUsage(input: Int(clamping: report.inputTokens), output: Int(clamping: report.outputTokens))
        let entry = LedgerEntry(
            storageKey: key, source: .report, sessionID: report.sessionID, agentName: report.agentName,
            taskID: report.taskID, model: report.model, timestampMs: report.timestampMs, usage: usage,
            operation: report.operation, workspaceID: report.workspaceID)
        let outcome = try LedgerWriter.write(db, entry, catalog: catalog, nowSeconds: report.timestampMs / 1000)
        let row: Row?
        if outcome == .inserted, key == nil {
            row = try Row.fetchOne(db, sql: "SELECT id, cost_micros, flags FROM usage_ledger WHERE id = ?", arguments: [db.lastInsertedRowID])
        } else {
            row = try Row.fetchOne(db, sql: "SELECT id, cost_micros, flags FROM usage_ledger WHERE storage_key = ?", arguments: [key])
        }
        let costMicros: Int64? = row?["cost_micros"]
        if outcome == .inserted {
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO token_usage (model, session_id, input_tokens, output_tokens, created_at, workspace_id,
                                                       task_id, cost_usd, agent_name, idempotency_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    report.model, report.sessionID, report.inputTokens, report.outputTokens, report.timestampMs / 1000,
                    report.workspaceID, report.taskID, costMicros.map { Double($0) / 1_000_000 }, report.agentName,
                    report.idempotencyKey,
                ])
        }
        if outcome == .inserted, costMicros ?? 0 > 0 {
            try BudgetEvaluator.evaluate(
                db, events: &events, workspaceID: report.workspaceID, agentNames: Set([report.agentName].compactMap { $0 }),
                nowMs: report.timestampMs)
        }
        let flagsText: String = row?["flags"] ?? "[]"
        let flags = (try? JSONValue.parse(Array(flagsText.utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
        return Recorded(id: row?["id"] ?? 0, costMicros: costMicros, flags: flags, duplicate: outcome != .inserted)
    }
}
