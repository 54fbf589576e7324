import HTTPTypes
import MCShared

/// `POST /api/tokens`: `{model 1..200, sessionId 1..512, inputTokens, outputTokens (integers ≥ 0),
/// operation? 1..100, duration? ms ≤ 7 days, taskId? positive integer or numeric string,
/// idempotency_key? 1..200}`. Errors are 400s naming the field, like the heartbeat's report.
struct TokenReportInput: Sendable {
    static let modelLimit = 200
    static let sessionLimit = 512
    static let operationLimit = 100
    static let keyLimit = 200
    /// Longest `duration`: 7 days in milliseconds.
    static let maximumDurationMs: Int64 = 7 * 24 * 3600 * 1000

    var model: String
    var sessionID: String
    var inputTokens: Int64
    var outputTokens: Int64
    var operation: String
    var durationMs: Int64?
    var taskID: Int64?
    var idempotencyKey: String?

    init(_ body: JSONBody) throws {
        func text(_ name: String, limit: Int) throws -> String? {
            guard body.fields[name] != nil, body.fields[name] != .null else { return nil }
            guard let value = body.fields[name]?.stringValue, !value.isEmpty, value.count <= limit else {
                throw APIError(.badRequest, "\(name) must be a string of 1 to \(limit) characters")
            }
            return value
        }
        func count(_ name: String) throws -> Int64 {
            guard let value = body.fields[name]?.intValue, value >= 0 else {
                throw APIError(.badRequest, "\(name) must be a non-negative integer")
            }
            return Int64(value)
        }
        guard let model = try text("model", limit: Self.modelLimit) else {
            throw APIError(.badRequest, "model must be a string of 1 to \(Self.modelLimit) characters")
        }
        guard let session = try text("sessionId", limit: Self.sessionLimit) else {
            throw APIError(.badRequest, "sessionId must be a string of 1 to \(Self.sessionLimit) characters")
        }
        self.model = model
        self.sessionID = session
        inputTokens = try count("inputTokens")
        outputTokens = try count("outputTokens")
        operation = try text("operation", limit: Self.operationLimit) ?? "chat_completion"
        if let raw = body.fields["duration"], raw != .null {
            guard let value = raw.intValue, value >= 0, Int64(value) <= Self.maximumDurationMs else {
                throw APIError(.badRequest, "duration must be an integer from 0 to \(Self.maximumDurationMs) (ms)")
            }
            durationMs = Int64(value)
        }
        switch body.fields["taskId"] {
        case nil, .null?: taskID = nil
        case .string(let text)? where text.count <= 32 && Int64(text).map({ $0 > 0 }) == true: taskID = Int64(text)
        case .number? where (body.fields["taskId"]?.intValue ?? 0) > 0: taskID = Int64(body.fields["taskId"]?.intValue ?? 0)
        default: throw APIError(.badRequest, "taskId must be a positive integer")
        }
        idempotencyKey = try text("idempotency_key", limit: Self.keyLimit)
    }

    /// The agent a session id names: the part before the first `:` (the original's rule).
    var agentName: String {
        String(sessionID.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? Substring(sessionID))
    }
}
