import Foundation
import HTTPTypes
import MCShared

/// Validated bodies of `POST` / `PUT /api/budgets`, with the 400 messages users see.
struct BudgetInput: Sendable, Equatable {
    /// The largest limit: $1,000,000 (10^12 micro-dollars).
    static let maximumMicros: Int64 = 1_000_000_000_000
    /// Longest agent name accepted (as agents themselves).
    static let maximumAgentName = 100

    var scope: String
    var agentName: String?
    var period: BudgetPeriod
    var limitMicros: Int64

    /// Parses a creation body `{scope, agent_name?, period, limit_usd}`.
    init(_ body: JSONBody) throws {
        guard let scope = try body.string("scope") else { throw APIError(.badRequest, "scope is required (agent or workspace)") }
        guard scope == "agent" || scope == "workspace" else { throw APIError(.badRequest, "scope must be agent or workspace") }
        let name = try body.string("agent_name")?.trimmingCharacters(in: .whitespaces)
        if scope == "agent" {
            guard let name, !name.isEmpty else { throw APIError(.badRequest, "agent_name is required for an agent budget") }
            guard name.count <= Self.maximumAgentName else {
                throw APIError(.badRequest, "agent_name must be at most \(Self.maximumAgentName) characters")
            }
        } else if let name, !name.isEmpty {
            throw APIError(.badRequest, "agent_name is only allowed for an agent budget")
        }
        guard let periodText = try body.string("period") else { throw APIError(.badRequest, "period is required (daily or monthly)") }
        guard let period = BudgetPeriod(rawValue: periodText) else { throw APIError(.badRequest, "period must be daily or monthly") }
        self.scope = scope
        self.agentName = scope == "agent" ? name : nil
        self.period = period
        self.limitMicros = try Self.limit(body)
    }

    /// `limit_usd` in micro-dollars: a number > 0 and ≤ 1,000,000.
    static func limit(_ body: JSONBody) throws -> Int64 {
        guard let value = body.fields["limit_usd"], value != .null else { throw APIError(.badRequest, "limit_usd is required") }
        guard case .number(let usd) = value, usd.isFinite else { throw APIError(.badRequest, "limit_usd must be a number") }
        let micros = (usd * 1_000_000).rounded()
        guard micros > 0 else { throw APIError(.badRequest, "limit_usd must be greater than 0") }
        guard micros <= Double(maximumMicros) else { throw APIError(.badRequest, "limit_usd must be at most 1000000") }
        return Int64(micros)
    }

    /// The `id` field of `PUT` / `DELETE`.
    static func id(_ body: JSONBody) throws -> Int64 {
        guard let id = try body.integer("id") else { throw APIError(.badRequest, "id is required") }
        return id
    }
}
