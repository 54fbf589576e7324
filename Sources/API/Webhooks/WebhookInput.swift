import Foundation
import HTTPTypes
import MCShared

/// The bodies of `POST` and `PUT /api/webhooks` (reference §7.9), checked field by field so one
/// 400 lists every problem.
struct WebhookInput: Sendable {
    static let nameLimit = 200
    static let eventLimit = 50
    static let eventLengthLimit = 200
    static let urlLimit = 2048

    var name: String?
    var url: String?
    var events: [String]?
    var enabled: Bool?
    var generateSecret: Bool
    var regenerateSecret: Bool
    var resetCircuit: Bool

    /// Reads a body; `creating` makes `name` and `url` required.
    init(_ body: JSONBody, creating: Bool) throws {
        var check = AgentInputCheck(body)
        name = check.string("name", required: creating, min: 1, max: Self.nameLimit)?.trimmingCharacters(in: .whitespaces)
        if let name, name.isEmpty { check.fail("name: Too small: expected string to have >=1 characters") }
        url = check.string("url", required: creating, min: 1, max: Self.urlLimit)
        events = nil
        if let value = body.fields["events"] {
            if case .array(let items) = value, items.count <= Self.eventLimit,
                items.allSatisfy({ ($0.stringValue?.count ?? 0) >= 1 && ($0.stringValue?.count ?? 0) <= Self.eventLengthLimit })
            {
                events = items.compactMap(\.stringValue)
            } else {
                check.fail("events: an array of at most \(Self.eventLimit) event types of 1 to \(Self.eventLengthLimit) characters")
            }
        }
        enabled = check.bool("enabled")
        generateSecret = check.bool("generate_secret") ?? true
        regenerateSecret = check.bool("regenerate_secret") ?? false
        resetCircuit = check.bool("reset_circuit") ?? false
        try check.finish()
    }
}
