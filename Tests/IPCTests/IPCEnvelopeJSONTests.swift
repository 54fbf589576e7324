import Foundation
import MCShared
import Testing

@testable import MCIPC

/// The hand-written wire codec (`serialize` / `init(json:)`) agrees with the `Codable` shape and
/// refuses what `JSONDecoder` would refuse.
@Suite struct IPCEnvelopeJSONTests {
    static let samples: [IPCEnvelope] = [
        IPCEnvelope(k: .req, id: 1, m: "webhooks.lease", b: ["limit": 5, "tags": ["a", "ü \"q\" /"]], t: 5000),
        IPCEnvelope(k: .res, id: UInt64(1) << 52, b: ["ok": true, "n": nil, "x": 1.25]),
        IPCEnvelope(k: .res, id: 9, e: IPCError(.overloaded, "queue \"full\"\n")),
        IPCEnvelope(k: .evt, m: "gateways.changed", b: .emptyObject),
        IPCEnvelope(k: .hello, b: ["role": "api", "pid": 12, "protocol": ["min": 1, "max": 1], "build": "0.1.0"]),
    ]

    /// The bytes `serialize` writes for `envelope`.
    private func wireBytes(_ envelope: IPCEnvelope) -> [UInt8] {
        var bytes: [UInt8] = []
        envelope.serialize(into: &bytes)
        return bytes
    }

    @Test(arguments: samples)
    func serializedFormDecodesBothWays(_ envelope: IPCEnvelope) throws {
        let bytes = wireBytes(envelope)
        #expect(try JSONDecoder().decode(IPCEnvelope.self, from: Data(bytes)) == envelope)
        #expect(IPCEnvelope(json: try JSONValue.parse(bytes)) == envelope)
    }

    @Test(arguments: samples)
    func codableFormIsReadByTheWireCodec(_ envelope: IPCEnvelope) throws {
        let data = try JSONEncoder().encode(envelope)
        #expect(IPCEnvelope(json: try JSONValue.parse(data)) == envelope)
    }

    @Test func nullFieldsAndUnknownFieldsAreAccepted() throws {
        let json = try JSONValue.parse(#"{"v":1,"k":"evt","m":"t","id":null,"b":null,"e":null,"t":null,"future":[1]}"#)
        #expect(IPCEnvelope(json: json) == IPCEnvelope(k: .evt, m: "t"))
    }

    @Test(arguments: [
        "[]", #"{"k":"req"}"#, #"{"v":1}"#, #"{"v":1,"k":"bogus"}"#, #"{"v":"1","k":"req"}"#, #"{"v":1.5,"k":"req"}"#,
        #"{"v":1,"k":"req","id":"7"}"#, #"{"v":1,"k":"req","id":-1}"#, #"{"v":1,"k":"req","id":1.5}"#,
        #"{"v":1,"k":"req","m":5}"#, #"{"v":1,"k":"res","e":{"code":"x"}}"#, #"{"v":1,"k":"req","t":"soon"}"#,
    ])
    func malformedEnvelopesAreRefusedLikeJSONDecoderDoes(_ text: String) throws {
        #expect(IPCEnvelope(json: try JSONValue.parse(text)) == nil)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(IPCEnvelope.self, from: Data(text.utf8)) }
    }

    @Test func newerVersionIsReadSoItCanBeRefusedByName() throws {
        let envelope = IPCEnvelope(json: try JSONValue.parse(#"{"v":2,"k":"hello"}"#))
        #expect(envelope?.v == 2)
    }
}
