/// Writes compact JSON text as UTF-8 bytes: the one serializer behind `JSONValue.jsonBytes`.
///
/// Output is deterministic, so equal values give equal bytes (frames are reproducible and
/// comparable): object keys are sorted, numbers have one spelling. Its pieces are public so a
/// type with a fixed shape (the IPC envelope) can write itself without building a `JSONValue`.
public enum JSONSerializer {
    /// Appends `value`'s JSON text to `output`.
    public static func serialize(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: appendASCII("null", to: &output)
        case .bool(let flag): appendASCII(flag ? "true" : "false", to: &output)
        case .number(let number): serialize(number: number, into: &output)
        case .string(let string): serialize(string: string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                serialize(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            output.append(UInt8(ascii: "{"))
            serializeMembers(of: fields, into: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Writes an object's members sorted by key: dictionary order varies between processes
    /// (hash seeds), and frames should be reproducible.
    private static func serializeMembers(of fields: [String: JSONValue], into output: inout [UInt8]) {
        guard fields.count > 1 else {
            if let member = fields.first { serializeMember(member.key, member.value, into: &output) }
            return
        }
        guard fields.count <= 32 else {
            for (index, member) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                serializeMember(member.key, member.value, into: &output)
            }
            return
        }
        // Small objects (nearly all of them) sort on the stack with an insertion sort, sparing
        // the heap array that `sorted` would allocate for every object written.
        withUnsafeTemporaryAllocation(of: (key: String, value: JSONValue).self, capacity: fields.count) { members in
            _ = members.initialize(fromContentsOf: fields)
            defer { members.deinitialize() }
            for index in 1..<members.count {
                var slot = index
                while slot > 0, members[slot].key < members[slot - 1].key {
                    members.swapAt(slot, slot - 1)
                    slot -= 1
                }
            }
            for index in members.indices {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                serializeMember(members[index].key, members[index].value, into: &output)
            }
        }
    }

    private static func serializeMember(_ key: String, _ value: JSONValue, into output: inout [UInt8]) {
        serialize(string: key, into: &output)
        output.append(UInt8(ascii: ":"))
        serialize(value, into: &output)
    }

    /// Appends a number: whole numbers within ±2^53 (where every integer is exact) as integers
    /// without `.0`, others in the shortest form that reads back as the same `Double`, and
    /// infinities and NaN, which JSON cannot express, as `null`.
    public static func serialize(number: Double, into output: inout [UInt8]) {
        guard number.isFinite else {
            appendASCII("null", to: &output)
            return
        }
        if number.rounded(.towardZero) == number, number.magnitude <= 9_007_199_254_740_992 {
            if number.sign == .minus { output.append(UInt8(ascii: "-")) }  // keeps -0 as "-0"
            serialize(integer: UInt64(number.magnitude), into: &output)
        } else {
            // `description` is Swift's shortest round-trip form: "0.1", "1e+300", "5e-324" are
            // all valid JSON numbers.
            output.append(contentsOf: number.description.utf8)
        }
    }

    /// Appends an unsigned integer exactly (an IPC request id, for example).
    public static func serialize(integer value: UInt64, into output: inout [UInt8]) {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let start = output.count
        output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        rest = value
        var index = start + digits
        repeat {
            index -= 1
            output[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        } while rest > 0
    }

    /// Appends a signed integer exactly.
    public static func serialize(integer value: Int, into output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        serialize(integer: UInt64(value.magnitude), into: &output)
    }

    /// Appends a quoted string: `"` and `\` escaped, control characters as `\n` `\r` `\t` `\b`
    /// `\f` or `\u00XX`, everything else (non-ASCII included) as its UTF-8 bytes.
    public static func serialize(string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                // Copy the plain run before this byte in one go; most strings are one run.
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(for: byte, to: &output)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "\n"): output.append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): output.append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): output.append(UInt8(ascii: "t"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            appendASCII("u00", to: &output)
            output.append(hex.utf8Start[Int(byte >> 4)])
            output.append(hex.utf8Start[Int(byte & 0x0F)])
        }
    }

    /// Appends ASCII text known at compile time (punctuation, `null`, `true`, `false`).
    public static func appendASCII(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

extension JSONValue {
    /// Appends this value's compact JSON text (UTF-8, object keys sorted) to `output`.
    public func serialize(into output: inout [UInt8]) {
        JSONSerializer.serialize(self, into: &output)
    }

    /// This value's compact JSON text as UTF-8, object keys sorted, so equal values give equal
    /// bytes. Non-finite numbers become `null`.
    public var jsonBytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        serialize(into: &output)
        return output
    }
}

extension JSONValue {
    /// The value as JSON text (sorted keys), e.g. for a TEXT column.
    public var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }
}
