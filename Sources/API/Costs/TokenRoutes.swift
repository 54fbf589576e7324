import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import MCShared
import NIOCore

/// `/api/tokens` (reference §7.11) from the usage ledger: list, stats, trends, export, and
/// agents' reports with an idempotency key.
struct TokenRoutes {
    let database: EventedDatabase
    /// Milliseconds since the epoch; injected so tests can place rows in timeframes.
    var nowMs: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    func register(on routes: RouteRegistry) {
        let queries = TokenLedgerQueries(database: database)
        let nowMs = self.nowMs
        routes.add(.init(method: .get, path: "/api/tokens", access: .role(.viewer), summary: "Token usage from the ledger: action=list|stats|trends|export, timeframe=hour|day|week|month|all, format=json|csv", tag: "Tokens", queryParameters: ["action", "timeframe", "format"])) { request, context in
            let identity = try context.requireIdentity()
            let query = ListQuery(request: request)
            guard let timeframe = UsageTimeframe(query: query.string("timeframe")) else {
                throw APIError(.badRequest, "timeframe must be one of hour, day, week, month, all")
            }
            let workspace = identity.workspaceID
            let now = nowMs()
            switch query.string("action") ?? "list" {
            case "list": return try jsonResponse(try await queries.list(workspaceID: workspace, timeframe: timeframe, nowMs: now))
            case "stats": return try jsonResponse(try await queries.stats(workspaceID: workspace, timeframe: timeframe, nowMs: now))
            case "trends": return try jsonResponse(try await queries.trends(workspaceID: workspace, timeframe: timeframe, nowMs: now))
            case "export": return try await export(queries, format: query.string("format"), workspaceID: workspace, timeframe: timeframe, nowMs: now)
            case let action: return jsonResponse(json: ["error": "Invalid action", "action": .string(action)], status: .badRequest)
            }
        }
        routes.add(.init(method: .post, path: "/api/tokens", access: .role(.operator), summary: "Record an agent's token usage: {model, sessionId, inputTokens, outputTokens, operation?, duration?, taskId?, idempotency_key?}", tag: "Tokens", rateLimit: RouteRateLimit(policy: .mutation, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let input = try TokenReportInput(try await JSONBody.read(request))
            let now = nowMs()
            let workspace = identity.workspaceID
            let (recorded, taskID) = try await database.write { db, events in
                let taskID = try input.taskID.flatMap { id in
                    try Int64.fetchOne(db, sql: "SELECT id FROM tasks WHERE id = ? AND workspace_id = ?", arguments: [id, workspace])
                }
                let recorded = try TokenReportRecorder.record(
                    db, events: &events,
                    .init(
                        model: input.model, sessionID: input.sessionID, agentName: input.agentName, inputTokens: input.inputTokens,
                        outputTokens: input.outputTokens, taskID: taskID, operation: input.operation,
                        idempotencyKey: input.idempotencyKey, workspaceID: workspace, timestampMs: now))
                return (recorded, taskID)
            }
            let record: JSONValue = [
                "id": .number(Double(recorded.id)), "model": .string(input.model), "sessionId": .string(input.sessionID),
                "agentName": .string(input.agentName), "timestamp": .number(Double(now)),
                "inputTokens": .number(Double(input.inputTokens)), "outputTokens": .number(Double(input.outputTokens)),
                "totalTokens": .number(Double(input.inputTokens + input.outputTokens)),
                "cost": recorded.costMicros.map { .number(Double($0) / 1_000_000) } ?? .null,
                "flags": .array(recorded.flags.map(JSONValue.string)), "operation": .string(input.operation),
                "taskId": taskID.map { .number(Double($0)) } ?? .null, "workspaceId": .number(Double(workspace)),
                "duration": input.durationMs.map { .number(Double($0)) } ?? .null,
            ]
            return try jsonResponse(["success": true, "duplicate": .bool(recorded.duplicate), "record": record] as JSONValue)
        }
    }

    /// JSON `{usage, summary, models, sessions}` or CSV, as an attachment.
    private func export(
        _ queries: TokenLedgerQueries, format: String?, workspaceID: Int64, timeframe: UsageTimeframe, nowMs: Int64
    ) async throws -> Response {
        let format = format ?? "json"
        guard format == "json" || format == "csv" else { throw APIError(.badRequest, "format must be json or csv") }
        let records = try await database.read { db in
            try TokenLedgerQueries.records(
                db, workspaceID: workspaceID, sinceMs: timeframe.since(nowMs: nowMs), limit: TokenLedgerQueries.exportLimit)
        }
        let day = String(TokenLedgerQueries.iso(nowMs).prefix(10))
        var response: Response
        if format == "csv" {
            response = Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: UsageExport.csv(records))))
        } else {
            let stats = try await queries.stats(workspaceID: workspaceID, timeframe: timeframe, nowMs: nowMs)
            response = jsonResponse(
                json: ["usage": .array(records), "summary": stats["summary"] ?? .null, "models": stats["models"] ?? .null,
                       "sessions": stats["sessions"] ?? .null])
        }
        response.headers[.contentDisposition] = "attachment; filename=token-usage-\(timeframe.rawValue)-\(day).\(format)"
        return response
    }
}
