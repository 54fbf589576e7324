import Foundation
import HTTPTypes
import MCShared

/// The body of `POST /api/agents/{id}/heartbeat`: an optional reported status, activity line
/// and inline token usage.
struct AgentHeartbeatInput: Sendable {
    /// Statuses an agent may report about itself; anything else is set by operators or derived.
    static let reportableStatuses = ["online", "idle", "busy"]
    /// Longest `last_activity`, in characters.
    static let activityLimit = 500
    /// Longest `token_usage.model` and `token_usage.idempotency_key`, in characters.
    static let keyLimit = 200

    /// Tokens used since the last report (the original's inline `token_usage`).
    struct TokenUsage: Sendable, Equatable {
        var model: String
        var inputTokens: Int64
        var outputTokens: Int64
        var taskID: Int64?
        /// Set by the agent so a retried heartbeat is not counted twice.
        var idempotencyKey: String?
    }

    var status: String?
    var lastActivity: String?
    var tokenUsage: TokenUsage?

    init(status: String? = nil, lastActivity: String? = nil, tokenUsage: TokenUsage? = nil) {
        self.status = status
        self.lastActivity = lastActivity
        self.tokenUsage = tokenUsage
    }

    /// Validates a body; 400 with a message naming the field.
    init(_ body: JSONBody) throws {
        if let status = try body.string("status") {
            guard Self.reportableStatuses.contains(status) else {
                throw APIError(.badRequest, "status must be one of online, idle, busy")
            }
            self.status = status
        }
        if let activity = try body.string("last_activity") {
            guard activity.count <= Self.activityLimit else {
                throw APIError(.badRequest, "last_activity must be at most \(Self.activityLimit) characters")
            }
            lastActivity = activity
        }
        switch body.fields["token_usage"] {
        case nil, .null?: tokenUsage = nil
        case .object(let fields)?: tokenUsage = try Self.tokenUsage(fields)
        default: throw APIError(.badRequest, "token_usage must be an object")
        }
    }

    private static func tokenUsage(_ fields: [String: JSONValue]) throws -> TokenUsage {
        guard let model = fields["model"]?.stringValue, !model.isEmpty, model.count <= keyLimit else {
            throw APIError(.badRequest, "token_usage.model must be a string of 1 to \(keyLimit) characters")
        }
        guard let input = count(fields["inputTokens"]), let output = count(fields["outputTokens"]) else {
            throw APIError(.badRequest, "token_usage.inputTokens and token_usage.outputTokens must be non-negative integers")
        }
        var taskID: Int64?
        if let raw = fields["taskId"], raw != .null {
            guard let id = count(raw), id > 0 else { throw APIError(.badRequest, "token_usage.taskId must be a positive integer") }
            taskID = id
        }
        var key: String?
        if let raw = fields["idempotency_key"], raw != .null {
            guard let text = raw.stringValue, !text.isEmpty, text.count <= keyLimit else {
                throw APIError(.badRequest, "token_usage.idempotency_key must be a string of 1 to \(keyLimit) characters")
            }
            key = text
        }
        return TokenUsage(model: model, inputTokens: input, outputTokens: output, taskID: taskID, idempotencyKey: key)
    }

    /// A whole, non-negative number.
    private static func count(_ value: JSONValue?) -> Int64? {
        guard let number = value?.intValue, number >= 0 else { return nil }
        return Int64(number)
    }
}
