import Foundation
import MCShared
import Testing

/// `JSONValue`: encoding, decoding, literals and typed conversion.
@Suite struct JSONValueTests {
    /// A typed body like those sent over IPC.
    private struct Lease: Codable, Equatable {
        var id: Int
        var url: String
        var tags: [String]
        var retry: Double?
    }

    private func roundTrip(_ value: JSONValue) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    @Test func nestedRoundTrip() throws {
        let value: JSONValue = [
            "null": nil, "flag": true, "off": false, "int": 42, "neg": -7, "float": 3.25, "text": "héllo \"q\"",
            "list": [1, "two", [3], ["four": 4]], "empty": [:], "none": [],
        ]
        #expect(try roundTrip(value) == value)
    }

    @Test func decodesFromText() throws {
        let text = #"{"a":[1,2.5,true,null,"x"],"b":{"c":{}}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value == .object(["a": .array([.number(1), .number(2.5), .bool(true), .null, .string("x")]), "b": ["c": .emptyObject]]))
        #expect(value["a"]?.arrayValue?.count == 5)
        #expect(value["a"]?.arrayValue?[2].boolValue == true)
        #expect(value["b"]?["c"] == .emptyObject)
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("x")["a"] == nil)
    }

    @Test func literals() {
        let value: JSONValue = ["s": "x", "i": 1, "d": 1.5, "b": true, "n": nil, "a": [1]]
        #expect(value == .object([
            "s": .string("x"), "i": .number(1), "d": .number(1.5), "b": .bool(true), "n": .null, "a": .array([.number(1)]),
        ]))
    }

    @Test func accessors() {
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.number(1).stringValue == nil)
        #expect(JSONValue.number(3).intValue == 3)
        #expect(JSONValue.number(-3).intValue == -3)
        #expect(JSONValue.number(3.5).intValue == nil)
        #expect(JSONValue.number(1e300).intValue == nil)
        #expect(JSONValue.string("3").intValue == nil)
        #expect(JSONValue.number(3.5).doubleValue == 3.5)
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.null.boolValue == nil)
        #expect(JSONValue.object([:]).arrayValue == nil)
    }

    @Test func typedConversion() throws {
        let lease = Lease(id: 7, url: "https://example.invalid/hook", tags: ["a", "b"], retry: nil)
        let value = try JSONValue(encoding: lease)
        #expect(value["id"]?.intValue == 7)
        #expect(value["tags"] == ["a", "b"])
        #expect(try value.decode(as: Lease.self) == lease)
        let inferred: Lease = try value.decode()
        #expect(inferred == lease)
    }

    @Test func decodeToWrongTypeThrows() {
        let value: JSONValue = ["id": "not a number", "url": "u", "tags": []]
        #expect(throws: DecodingError.self) { try value.decode(as: Lease.self) }
    }
}
