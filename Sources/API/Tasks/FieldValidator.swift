import Foundation
import HTTPTypes
import Hummingbird
import MCShared
import NIOCore

/// Checks a JSON body field by field the way the original's zod schemas did, collecting every
/// problem as `"<path>: <message>"` with zod 4's wording, so clients that show `details` read
/// the same text (reference §0).
struct FieldValidator {
    let fields: [String: JSONValue]
    private(set) var issues: [String] = []
    /// Prepended to every path, for the members of an array item (`tasks.3.`).
    var pathPrefix = ""

    init(_ fields: [String: JSONValue]) { self.fields = fields }

    /// True when the field is present and not null.
    func supplied(_ name: String) -> Bool {
        if case nil = fields[name] { return false }
        if case .null? = fields[name] { return false }
        return true
    }

    mutating func issue(_ path: String, _ message: String) { issues.append("\(pathPrefix)\(path): \(message)") }

    /// Takes over the issues of a nested validator.
    mutating func absorb(_ other: FieldValidator) { issues += other.issues }

    /// zod 4's name for a JSON value's type in "expected X, received Y".
    static func typeName(_ value: JSONValue?) -> String {
        switch value {
        case nil: return "undefined"
        case .null?: return "null"
        case .bool?: return "boolean"
        case .number?: return "number"
        case .string?: return "string"
        case .array?: return "array"
        case .object?: return "object"
        }
    }

    /// A string; `required` reports a missing one, `nullable` lets null through as nil.
    mutating func string(
        _ name: String, min: Int = 0, max: Int? = nil, required: Bool = false, nullable: Bool = false,
        minMessage: String? = nil, path: String? = nil, in source: [String: JSONValue]? = nil
    ) -> String? {
        let value = (source ?? fields)[name]
        let path = path ?? name
        switch value {
        case .string(let text)?:
            let length = text.utf16.count
            if length < min {
                issue(path, minMessage ?? "Too small: expected string to have >=\(min) characters")
            } else if let max, length > max {
                issue(path, "Too big: expected string to have <=\(max) characters")
            }
            return text
        case .null? where nullable: return nil
        case nil where !required: return nil
        default:
            issue(path, "Invalid input: expected string, received \(Self.typeName(value))")
            return nil
        }
    }

    /// A number (or an integer when `integer`), within optional bounds; `exclusiveMinimum` for
    /// zod's `positive()`.
    mutating func number(
        _ name: String, min: Double? = nil, max: Double? = nil, integer: Bool = false, exclusiveMinimum: Bool = false,
        required: Bool = false, nullable: Bool = false
    ) -> Double? {
        let value = fields[name]
        switch value {
        case .number(let number)?:
            if integer, number.rounded() != number || abs(number) > 9_007_199_254_740_991 {
                issue(name, "Invalid input: expected int, received number")
            } else if let min, exclusiveMinimum ? number <= min : number < min {
                issue(name, "Too small: expected number to be \(exclusiveMinimum ? ">" : ">=")\(Self.format(min))")
            } else if let max, number > max {
                issue(name, "Too big: expected number to be <=\(Self.format(max))")
            }
            return number
        case .null? where nullable: return nil
        case nil where !required: return nil
        default:
            issue(name, "Invalid input: expected \(integer ? "int" : "number"), received \(Self.typeName(value))")
            return nil
        }
    }

    /// One of `options`.
    mutating func option(_ name: String, _ options: [String], required: Bool = false, nullable: Bool = false)
        -> String?
    {
        let value = fields[name]
        if case .string(let text)? = value, options.contains(text) { return text }
        if case .null? = value, nullable { return nil }
        if value == nil, !required { return nil }
        issue(name, "Invalid option: expected one of " + options.map { "\"\($0)\"" }.joined(separator: "|"))
        return nil
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// The failure as the original's 400 body.
    var failure: APIDetailedError {
        APIDetailedError(.badRequest, ["error": "Validation failed", "details": .array(issues.map(JSONValue.string))])
    }

    /// Throws the 400 when any check failed.
    func check() throws {
        if !issues.isEmpty { throw failure }
    }
}

/// An error whose body carries more than `error` (`details`, `missing_mentions`, …).
struct APIDetailedError: HTTPResponseError {
    var status: HTTPResponse.Status
    var body: JSONValue

    init(_ status: HTTPResponse.Status, _ body: JSONValue) {
        self.status = status
        self.body = body
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        jsonValueResponse(body, status: status)
    }
}

/// A JSON response written by the shared serializer: the task list is a hot path, and building
/// `JSONValue`s once and writing bytes directly avoids a second encoding pass.
func jsonValueResponse(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes)))
}
