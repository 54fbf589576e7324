import Foundation

extension JSONValue {
    /// Converts any encodable value into a `JSONValue` (for IPC bodies built from typed structs).
    public init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        // `JSONEncoder` writes strict JSON, so the codec reads it back to the same value that
        // `JSONDecoder` would, without probing every value through `Codable`.
        self = try JSONValue.parse(data)
    }

    /// Decodes this value as `type` (for IPC bodies read into typed structs).
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        let data = try JSONEncoder().encode(self)
        return try JSONDecoder().decode(T.self, from: data)
    }
}
