import Foundation
import HTTPTypes
import Hummingbird
import MCShared
import NIOCore

/// Encodes `value` as a JSON response with the API's one encoder configuration.
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    // JSON values (most responses) go through the fast serializer; typed structs through Codable.
    if let json = value as? JSONValue { return jsonResponse(json: json, status: status) }
    if let object = value as? [String: JSONValue] { return jsonResponse(json: .object(object), status: status) }
    let data = try apiJSONEncoder().encode(value)
    return Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// A JSON response from a `JSONValue`, serialized with the fast encoder (sorted keys).
func jsonResponse(json: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: json.jsonBytes)))
}

/// The API's one encoder configuration for typed (Codable) responses: sorted keys, unescaped
/// slashes — the same output as `JSONValue`'s serializer.
func apiJSONEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
}
