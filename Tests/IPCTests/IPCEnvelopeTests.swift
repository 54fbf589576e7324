import Foundation
import MCShared
import Testing

@testable import MCIPC

/// The envelope's wire shape, error equality and hello negotiation, without sockets.
@Suite struct IPCEnvelopeTests {
    /// `value` encoded and decoded back as a generic JSON value.
    private func wire(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    @Test func requestWireShape() throws {
        let envelope = IPCEnvelope(k: .req, id: 7, m: "webhooks.lease", b: ["limit": 5], t: 250)
        #expect(try wire(envelope) == ["v": 1, "k": "req", "id": 7, "m": "webhooks.lease", "b": ["limit": 5], "t": 250])
        let decoded = try JSONDecoder().decode(IPCEnvelope.self, from: JSONEncoder().encode(envelope))
        #expect(decoded == envelope)
    }

    @Test func errorResponseWireShape() throws {
        let envelope = IPCEnvelope(k: .res, id: 3, e: IPCError(.notFound, "no task 9"))
        #expect(try wire(envelope) == ["v": 1, "k": "res", "id": 3, "e": ["code": "not_found", "message": "no task 9"]])
    }

    @Test func unknownKindIsUndecodable() {
        let text = #"{"v":1,"k":"bogus"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(IPCEnvelope.self, from: Data(text.utf8)) }
    }

    @Test func errorsCompareByCodeAndKeepUnknownCodes() throws {
        #expect(IPCError(.timeout, "a") == IPCError(.timeout, "b"))
        #expect(IPCError(.timeout, "a") != IPCError(.overloaded, "a"))
        #expect(IPCError(.unknownMethod, "x").description == "unknown_method: x")
        let decoded = try JSONDecoder().decode(IPCError.self, from: Data(#"{"code":"from_the_future","message":"m"}"#.utf8))
        #expect(decoded.code.rawValue == "from_the_future")
        #expect(decoded.message == "m")
    }

    @Test func negotiatePicksHighestCommonVersion() throws {
        let local = IPCHello(role: "api", pid: 1, protocol: .init(min: 1, max: 3), build: "1.0")
        let peer = IPCHello(role: "worker", pid: 2, protocol: .init(min: 2, max: 5), build: "2.0")
        #expect(try local.negotiate(with: peer) == 3)
        #expect(try peer.negotiate(with: local) == 3)
        #expect(try testHello("a").negotiate(with: testHello("b")) == 1)
    }

    @Test func negotiateMismatchNamesBothRanges() {
        let local = IPCHello(role: "api", pid: 1, protocol: .init(min: 1, max: 1), build: "0.1.0")
        let peer = IPCHello(role: "worker", pid: 2, protocol: .init(min: 2, max: 3), build: "9.9.9")
        let error = #expect(throws: IPCError.self) { try local.negotiate(with: peer) }
        #expect(error?.code == .protocol)
        #expect(error?.message == "protocol mismatch: we speak 1...1, peer worker (build 9.9.9) speaks 2...3")
        let reverse = #expect(throws: IPCError.self) { try peer.negotiate(with: local) }
        #expect(reverse?.message == "protocol mismatch: we speak 2...3, peer api (build 0.1.0) speaks 1...1")
    }

    @Test func helloRoundTrips() throws {
        let hello = IPCHello(role: "child", name: "webhooks", pid: 42, build: "0.1.0")
        #expect(try JSONValue(encoding: hello).decode(as: IPCHello.self) == hello)
        #expect(try JSONValue(encoding: hello)["protocol"] == ["min": 1, "max": 1])
    }
}
