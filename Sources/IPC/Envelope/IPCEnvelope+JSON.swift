import MCShared
import NIOCore

/// The wire form of an envelope, written and read with MCShared's JSON codec rather than
/// `Codable`: `JSONEncoder`/`JSONDecoder` cost more than everything else in a round trip.
///
/// The `Codable` conformance stays (tests and tools use it) and both agree on the shape: `v` and
/// `k` required, other fields left out when nil and read as nil when absent or `null`.
extension IPCEnvelope {
    /// Appends the envelope's JSON text. Keys come in sorted order, as `JSONValue` serialization
    /// orders an object's keys, so equal envelopes give equal bytes.
    func serialize(into output: inout [UInt8]) {
        var separator = UInt8(ascii: "{")
        // Written field by field instead of through a `JSONValue.object`, which would cost a
        // dictionary and a sort per frame for a shape that never changes.
        func key(_ quotedKeyAndColon: StaticString) {
            output.append(separator)
            separator = UInt8(ascii: ",")
            JSONSerializer.appendASCII(quotedKeyAndColon, to: &output)
        }
        if let b {
            key("\"b\":")
            JSONSerializer.serialize(b, into: &output)
        }
        if let e {
            key("\"e\":")
            JSONSerializer.appendASCII("{\"code\":", to: &output)
            JSONSerializer.serialize(string: e.code.rawValue, into: &output)
            JSONSerializer.appendASCII(",\"message\":", to: &output)
            JSONSerializer.serialize(string: e.message, into: &output)
            output.append(UInt8(ascii: "}"))
        }
        if let id {
            key("\"id\":")
            JSONSerializer.serialize(integer: id, into: &output)
        }
        key("\"k\":")
        JSONSerializer.serialize(string: k.rawValue, into: &output)
        if let m {
            key("\"m\":")
            JSONSerializer.serialize(string: m, into: &output)
        }
        if let t {
            key("\"t\":")
            JSONSerializer.serialize(integer: t, into: &output)
        }
        key("\"v\":")
        JSONSerializer.serialize(integer: v, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// Reads an envelope from a frame's JSON text; nil when the text is not strict JSON or not a
    /// valid envelope (see `init?(json:)`).
    init?(frame: UnsafeRawBufferPointer) {
        var fields = WireFields()
        do {
            // Members go straight into `fields`: no dictionary is built for the envelope itself.
            try JSONValue.parseObjectMembers(frame) { key, value in fields.set(key, value) }
        } catch {
            return nil
        }
        self.init(fields)
    }

    /// Reads an envelope from a parsed frame; nil when it is not an object, lacks `v` or `k`, has
    /// an unknown kind, or has a field of the wrong type (what `JSONDecoder` refused too).
    /// Unknown fields are ignored, so a newer peer may add some.
    ///
    /// Numbers arrive as `Double`s, so an `id` above 2^53 reads back rounded; ids count up from 1
    /// per connection and never get there.
    init?(json: JSONValue) {
        guard case .object(let members) = json else { return nil }
        var fields = WireFields()
        for (key, value) in members { fields.set(key, value) }
        self.init(fields)
    }

    private init?(_ fields: WireFields) {
        guard let version = fields.v.flatMap(Self.integer), let v = Int(exactly: version),
            case .string(let kindName)? = fields.k, let k = Kind(rawValue: kindName)
        else { return nil }
        self.init(k: k)
        self.v = v
        if let value = Self.present(fields.id) {
            guard let number = Self.integer(value), let id = UInt64(exactly: number) else { return nil }
            self.id = id
        }
        if let value = Self.present(fields.m) {
            guard case .string(let m) = value else { return nil }
            self.m = m
        }
        self.b = Self.present(fields.b)
        if let value = Self.present(fields.e) {
            guard case .string(let code)? = value["code"], case .string(let message)? = value["message"] else {
                return nil
            }
            self.e = IPCError(IPCError.Code(rawValue: code), message)
        }
        if let value = Self.present(fields.t) {
            guard let number = Self.integer(value), let t = Int(exactly: number) else { return nil }
            self.t = t
        }
    }

    /// The members of an envelope object, as read; a repeated key keeps its first value, as
    /// with `JSONDecoder` and `JSONValue.parse`.
    private struct WireFields {
        var v, k, id, m, b, e, t: JSONValue?

        mutating func set(_ key: String, _ value: JSONValue) {
            switch key {
            case "v": v = v ?? value
            case "k": k = k ?? value
            case "id": id = id ?? value
            case "m": m = m ?? value
            case "b": b = b ?? value
            case "e": e = e ?? value
            case "t": t = t ?? value
            default: break
            }
        }
    }

    /// An optional field's value: absent and `null` both mean "not there", as with `decodeIfPresent`.
    private static func present(_ value: JSONValue?) -> JSONValue? {
        if case .null? = value { return nil }
        return value
    }

    /// A whole number's value; nil for fractions and non-numbers.
    private static func integer(_ value: JSONValue) -> Double? {
        guard case .number(let number) = value, number.rounded(.towardZero) == number else { return nil }
        return number
    }
}
