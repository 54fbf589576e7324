import Foundation
import HTTPTypes
import MCShared

extension AgentService.NamedUpdate {
    /// Validates the body of `PUT /api/agents` (update by name).
    init(_ body: JSONBody) throws {
        guard let name = try body.string("name"), !name.isEmpty else { throw APIError(.badRequest, "Agent name is required") }
        self.name = name
        if let status = try body.string("status") {
            guard AgentCreateInput.statuses.contains(status) else {
                throw APIError(.badRequest, "Invalid status. Use: \(AgentCreateInput.statuses.joined(separator: ", "))")
            }
            self.status = status
        }
        if let activity = try body.string("last_activity") {
            guard activity.count <= AgentHeartbeatInput.activityLimit else {
                throw APIError(.badRequest, "last_activity must be at most \(AgentHeartbeatInput.activityLimit) characters")
            }
            lastActivity = activity
        }
        switch body.fields["config"] {
        case nil: break
        case .object(let config)?: self.config = config
        default: throw APIError(.badRequest, "config must be an object")
        }
        if body.has("session_key") {
            let key = try body.string("session_key")
            guard (key?.count ?? 0) <= 200 else { throw APIError(.badRequest, "session_key must be at most 200 characters") }
            // An empty key clears it: "" would otherwise collide with every other agent's "".
            sessionKey = key.flatMap { $0.isEmpty ? nil : JSONValue.string($0) } ?? .null
        }
        if let soul = try body.string("soul_content") {
            guard soul.count <= AgentCreateInput.soulLimit else {
                throw APIError(.badRequest, "soul_content must be at most \(AgentCreateInput.soulLimit) characters")
            }
            soulContent = soul
        }
        role = try Self.role(body)
        if let raw = body.fields["runtime_type"] {
            switch raw {
            case .null, .string(""): runtimeType = .null
            case .string(let value) where AgentCreateInput.runtimeTypes.contains(value): runtimeType = raw
            default: throw APIError(.badRequest, "Invalid runtime_type")
            }
        }
        guard !isEmpty else { throw APIError(.badRequest, "No fields to update") }
    }

    /// An optional `role` of 1 to 100 characters.
    static func role(_ body: JSONBody) throws -> String? {
        guard let role = try body.string("role") else { return nil }
        let trimmed = role.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(trimmed.count) else { throw APIError(.badRequest, "role must be 1 to 100 characters") }
        return trimmed
    }
}
