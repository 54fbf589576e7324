import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import MCShared

/// `/api/budgets`: daily and monthly USD caps per agent or per workspace (issue 6). Viewers
/// see every budget with its spend in the current UTC period; admins create, change and
/// delete them (audited `budget_created|budget_updated|budget_deleted`).
struct BudgetRoutes {
    let database: EventedDatabase
    var nowMs: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    func register(on routes: RouteRegistry) {
        let database = self.database
        let nowMs = self.nowMs
        let mutation = RouteRateLimit(policy: .mutation, key: .clientAddress)
        routes.add(.init(method: .get, path: "/api/budgets", access: .role(.viewer), summary: "Budgets with their spend, percent and current period", tag: "Tokens")) { _, context in
            let identity = try context.requireIdentity()
            let now = nowMs()
            let states = try await database.read { db in
                try BudgetEvaluator.states(db, workspaceID: identity.workspaceID, agentName: nil, nowMs: now)
            }
            return try jsonResponse(["budgets": .array(states.map(\.json))] as JSONValue)
        }
        routes.add(.init(method: .post, path: "/api/budgets", access: .role(.admin), summary: "Create a budget: {scope: agent|workspace, agent_name?, period: daily|monthly, limit_usd}", tag: "Tokens", successStatus: .created, rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let input = try BudgetInput(try await JSONBody.read(request))
            let now = nowMs()
            let state = try await database.write { db, events in
                let taken = try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM budgets WHERE workspace_id = ? AND scope = ? AND agent_name = ? AND period = ?",
                    arguments: [identity.workspaceID, input.scope, input.agentName ?? "", input.period.rawValue]) ?? false
                if taken {
                    let subject = input.agentName.map { "agent \($0)" } ?? "this workspace"
                    throw APIError(.conflict, "A \(input.period.rawValue) budget already exists for \(subject)")
                }
                try db.execute(
                    sql: """
                        INSERT INTO budgets (scope, agent_name, period, limit_micros, created_by, workspace_id, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        input.scope, input.agentName ?? "", input.period.rawValue, input.limitMicros, identity.username,
                        identity.workspaceID, now / 1000, now / 1000,
                    ])
                let id = db.lastInsertedRowID
                try AuditLog.append(
                    db, events: &events, action: "budget_created", actor: identity.username, actorID: identity.userID,
                    targetType: "budget", targetID: id,
                    detail: [
                        "scope": .string(input.scope), "agent_name": input.agentName.map(JSONValue.string) ?? .null,
                        "period": .string(input.period.rawValue), "limit_usd": .number(Double(input.limitMicros) / 1_000_000),
                    ],
                    ipAddress: context.clientAddress, workspaceID: identity.workspaceID)
                return try Self.state(db, id: id, workspaceID: identity.workspaceID, nowMs: now)
            }
            return try jsonResponse(["budget": state.json] as JSONValue, status: .created)
        }
        routes.add(.init(method: .put, path: "/api/budgets", access: .role(.admin), summary: "Change a budget's limit: {id, limit_usd}", tag: "Tokens", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request)
            let id = try BudgetInput.id(body)
            let limit = try BudgetInput.limit(body)
            let now = nowMs()
            let state = try await database.write { db, events in
                try db.execute(
                    sql: "UPDATE budgets SET limit_micros = ?, updated_at = ? WHERE id = ? AND workspace_id = ?",
                    arguments: [limit, now / 1000, id, identity.workspaceID])
                guard db.changesCount > 0 else { throw APIError(.notFound, "Budget not found") }
                try AuditLog.append(
                    db, events: &events, action: "budget_updated", actor: identity.username, actorID: identity.userID,
                    targetType: "budget", targetID: id, detail: ["limit_usd": .number(Double(limit) / 1_000_000)],
                    ipAddress: context.clientAddress, workspaceID: identity.workspaceID)
                return try Self.state(db, id: id, workspaceID: identity.workspaceID, nowMs: now)
            }
            return try jsonResponse(["budget": state.json] as JSONValue)
        }
        routes.add(.init(method: .delete, path: "/api/budgets", access: .role(.admin), summary: "Delete a budget: {id}", tag: "Tokens", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let id = try BudgetInput.id(try await JSONBody.read(request))
            try await database.write { db, events in
                try db.execute(sql: "DELETE FROM budget_alerts WHERE budget_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM budgets WHERE id = ? AND workspace_id = ?", arguments: [id, identity.workspaceID])
                guard db.changesCount > 0 else { throw APIError(.notFound, "Budget not found") }
                try AuditLog.append(
                    db, events: &events, action: "budget_deleted", actor: identity.username, actorID: identity.userID,
                    targetType: "budget", targetID: id, ipAddress: context.clientAddress, workspaceID: identity.workspaceID)
            }
            return try jsonResponse(["success": true, "id": .number(Double(id))] as JSONValue)
        }
    }

    /// One budget's state (it exists: the caller just wrote it).
    private static func state(_ db: Database, id: Int64, workspaceID: Int64, nowMs: Int64) throws -> BudgetEvaluator.State {
        guard let state = try BudgetEvaluator.states(db, workspaceID: workspaceID, agentName: nil, nowMs: nowMs).first(where: { $0.id == id })
        else { throw APIError(.notFound, "Budget not found") }
        return state
    }
}
