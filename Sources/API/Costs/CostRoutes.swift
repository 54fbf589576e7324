import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import MCShared
import MCTranscripts

/// `/api/claude/sessions` (reference mc-background §3.5) and `/api/pricing` (the one pricing
/// catalog, with admin overrides).
struct CostRoutes {
    let database: EventedDatabase
    /// Publishes a bus topic (`sessions.scan`).
    let busPublish: @Sendable (String, JSONValue) -> Void
    var nowMs: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    func register(on routes: RouteRegistry) {
        let sessions = ClaudeSessionQueries(database: database)
        let nowMs = self.nowMs
        let publish = busPublish
        let mutation = RouteRateLimit(policy: .mutation, key: .clientAddress)
        routes.add(.init(method: .get, path: "/api/claude/sessions", access: .role(.viewer), summary: "Claude Code sessions from the ledger: tokens, cost, project, branch, model", tag: "Tokens", queryParameters: ["active", "project", "limit", "offset"])) { request, _ in
            let query = ListQuery(request: request)
            let active: Bool? = switch query.string("active") {
            case nil: nil
            case "1", "true": true
            case "0", "false": false
            default: throw APIError(.badRequest, "active must be 1, 0, true or false")
            }
            return try jsonResponse(
                try await sessions.list(
                    active: active, project: query.string("project"),
                    limit: query.limit(default: ClaudeSessionQueries.defaultLimit, maximum: ClaudeSessionQueries.maximumLimit),
                    offset: query.offset, nowMs: nowMs()))
        }
        routes.add(.init(method: .post, path: "/api/claude/sessions", access: .role(.operator), summary: "Ask the transcript scanner to scan now", tag: "Tokens", successStatus: .accepted, rateLimit: mutation)) { _, _ in
            publish(SessionBusEndpoint.scanTopic, .emptyObject)
            return try jsonResponse(["requested": true] as JSONValue, status: .accepted)
        }
        routes.add(.init(method: .get, path: "/api/pricing", access: .role(.viewer), summary: "The pricing catalog (USD per million tokens); admin overrides are marked", tag: "Tokens")) { _, _ in
            try jsonResponse(try await database.read { db in try PricingOverrides.document(db) })
        }
        routes.add(.init(method: .put, path: "/api/pricing", access: .role(.admin), summary: "Add or override a model's prices: {model, input, output, cache_write_5m?, cache_write_1h?, cache_read?, long_context?, fast_multiplier?}", tag: "Tokens", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let input = try PricingInput(try await JSONBody.read(request))
            let model = ModelNameNormalizer.normalize(input.model)
            try await database.write { db, events in
                try PricingOverrides.save(db, model: model, price: input.price, by: identity.username, now: nowMs() / 1000)
                try AuditLog.append(
                    db, events: &events, action: "pricing_update", actor: identity.username, actorID: identity.userID,
                    targetType: "pricing", detail: ["model": .string(model), "input": .number(Double(input.price.base.input) / 1_000_000), "output": .number(Double(input.price.base.output) / 1_000_000)],
                    ipAddress: context.clientAddress, workspaceID: identity.workspaceID)
            }
            return try jsonResponse(["success": true, "model": .string(model)] as JSONValue)
        }
        routes.add(.init(method: .delete, path: "/api/pricing", access: .role(.admin), summary: "Remove a model's price override: {model}", tag: "Tokens", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            guard let model = try await JSONBody.read(request).string("model"), !model.isEmpty else {
                throw APIError(.badRequest, "model is required")
            }
            let normalized = ModelNameNormalizer.normalize(model)
            let removed = try await database.write { db, events in
                let removed = try PricingOverrides.delete(db, model: normalized)
                if removed {
                    try AuditLog.append(
                        db, events: &events, action: "pricing_delete", actor: identity.username, actorID: identity.userID,
                        targetType: "pricing", detail: ["model": .string(normalized)], ipAddress: context.clientAddress,
                        workspaceID: identity.workspaceID)
                }
                return removed
            }
            guard removed else { throw APIError(.notFound, "No price override for \(normalized)") }
            return try jsonResponse(["success": true, "model": .string(normalized)] as JSONValue)
        }
    }
}
