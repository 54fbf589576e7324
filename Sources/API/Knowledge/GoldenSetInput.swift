import Foundation
import HTTPTypes
import MCShared

/// The body of `POST /api/agents/evals {action:'golden-set'}`.
struct GoldenSetInput: Sendable {
    var name: String
    var description: String?
    var entries: [JSONValue]

    static let descriptionLimit = 500

    init(_ body: JSONBody) throws {
        guard let name = try body.string("name")?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else {
            throw APIError(.badRequest, "name is required")
        }
        guard name.count <= AgentEvalService.goldenSetNameLimit else {
            throw APIError(.badRequest, "name must be at most \(AgentEvalService.goldenSetNameLimit) characters")
        }
        let description = try body.string("description")
        if let description, description.count > Self.descriptionLimit {
            throw APIError(.badRequest, "description must be at most \(Self.descriptionLimit) characters")
        }
        switch body.fields["entries"] {
        case nil, .null?: entries = []
        case .array(let values)?:
            guard values.count <= AgentEvalService.goldenSetEntryLimit else {
                throw APIError(.badRequest, "entries must have at most \(AgentEvalService.goldenSetEntryLimit) items")
            }
            entries = values
        default: throw APIError(.badRequest, "entries must be an array")
        }
        self.name = name
        self.description = description
    }
}
