import Foundation
import HTTPTypes
import Hummingbird
import MCShared
import NIOCore

/// The original's schema-validation failure: 400 `{"error":"Validation failed","details":[...]}`
/// with one `"<field>: <message>"` line per problem, worded like its zod 4 messages.
struct AgentValidationFailure: HTTPResponseError {
    var details: [String]

    var status: HTTPResponse.Status { .badRequest }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try jsonResponse(["error": JSONValue.string("Validation failed"), "details": .array(details.map(JSONValue.string))], status: .badRequest)
    }
}

/// Checks a JSON body field by field and collects every problem, so one 400 lists them all.
struct AgentInputCheck {
    let fields: [String: JSONValue]
    private(set) var details: [String] = []

    init(_ body: JSONBody) { fields = body.fields }

    /// A string field of `min...max` characters; nil when absent (an issue when `required`).
    mutating func string(_ name: String, required: Bool = false, min: Int = 0, max: Int, minMessage: String? = nil) -> String? {
        guard let value = fields[name] else {
            if required { details.append("\(name): Invalid input: expected string, received undefined") }
            return nil
        }
        guard case .string(let text) = value else {
            details.append("\(name): Invalid input: expected string, received \(Self.kind(value))")
            return nil
        }
        if text.count < min {
            details.append("\(name): \(minMessage ?? "Too small: expected string to have >=\(min) characters")")
            return nil
        }
        if text.count > max {
            details.append("\(name): Too big: expected string to have <=\(max) characters")
            return nil
        }
        return text
    }

    /// A string field that must be one of `allowed`; nil when absent.
    mutating func option(_ name: String, _ allowed: [String]) -> String? {
        guard let value = fields[name] else { return nil }
        guard case .string(let text) = value, allowed.contains(text) else {
            let list = allowed.map { "\"\($0)\"" }.joined(separator: "|")
            details.append("\(name): Invalid option: expected one of \(list)")
            return nil
        }
        return text
    }

    /// An object field; nil when absent.
    mutating func object(_ name: String) -> [String: JSONValue]? {
        guard let value = fields[name] else { return nil }
        guard case .object(let object) = value else {
            details.append("\(name): Invalid input: expected record, received \(Self.kind(value))")
            return nil
        }
        return object
    }

    /// A boolean field; nil when absent.
    mutating func bool(_ name: String) -> Bool? {
        guard let value = fields[name] else { return nil }
        guard case .bool(let flag) = value else {
            details.append("\(name): Invalid input: expected boolean, received \(Self.kind(value))")
            return nil
        }
        return flag
    }

    /// Records a problem found outside the typed accessors (`"<field>: <message>"`).
    mutating func fail(_ detail: String) { details.append(detail) }

    /// Throws the collected problems, if any.
    func finish() throws {
        if !details.isEmpty { throw AgentValidationFailure(details: details) }
    }

    /// zod's name for the type of `value`.
    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
