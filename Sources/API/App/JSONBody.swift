import Foundation
import Hummingbird
import MCShared
import NIOCore

/// A request's JSON object body with typed, validating accessors whose errors are the
/// original's 400s (`{"error": "..."}`).
struct JSONBody: Sendable {
    /// The decoded object.
    let fields: [String: JSONValue]

    /// Largest JSON body accepted by default: 1 MiB.
    static let defaultLimit = 1 << 20

    /// Reads and decodes the body: 413 when larger than `limit`, 400 "Invalid request body"
    /// when it is not a JSON object, 400 "Request body required" when empty and `required`.
    static func read(_ request: Request, limit: Int = defaultLimit, required: Bool = true) async throws -> JSONBody {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "Request body too large (limit \(limit) bytes)")
        }
        if buffer.readableBytes == 0 {
            if required { throw APIError(.badRequest, "Request body required") }
            return JSONBody(fields: [:])
        }
        guard let value = try? JSONValue.parse(buffer.readableBytesView), case .object(let fields) = value
        else { throw APIError(.badRequest, "Invalid request body") }
        return JSONBody(fields: fields)
    }

    /// A string field; nil when absent or null. A non-string value is a 400 naming the field.
    func string(_ name: String) throws -> String? {
        switch fields[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw APIError(.badRequest, "\(name) must be a string")
        }
    }

    /// An integer field; nil when absent or null.
    func integer(_ name: String) throws -> Int64? {
        switch fields[name] {
        case nil, .null?: return nil
        case .number(let value)? where value.rounded() == value && abs(value) < 9.0e15: return Int64(value)
        default: throw APIError(.badRequest, "\(name) must be an integer")
        }
    }

    /// A boolean field (true/false or 0/1); nil when absent or null.
    func bool(_ name: String) throws -> Bool? {
        switch fields[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case .number(let value)? where value == 0 || value == 1: return value == 1
        default: throw APIError(.badRequest, "\(name) must be a boolean")
        }
    }

    /// True when the field is present (even as null).
    func has(_ name: String) -> Bool { fields[name] != nil }
}
