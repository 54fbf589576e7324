/// A strict RFC 8259 parser over bytes already in memory, producing a `JSONValue`.
///
/// It is a recursive-descent parser that reads each byte once and never throws on the happy
/// path: the old way of decoding a `JSONValue` through `Codable` probed every value as Bool,
/// Double, String and Array in turn, catching an error for each miss, which dominated the cost of
/// an IPC frame. Strings without escapes become `String`s straight from the input bytes; strings
/// with escapes go through one reused scratch buffer.
struct JSONParser {
    /// The input. UTF-8 bytes are plain `UInt8`s, so viewing raw memory as them is sound.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var offset = 0
    /// Arrays and objects currently open.
    var depth = 0
    /// Unescaped string contents; kept between strings so only its first use allocates.
    var scratch: [UInt8] = []
    /// Members of the objects being parsed, innermost last. Collecting them first lets each
    /// dictionary be allocated once at its final size instead of growing (and rehashing) as
    /// members arrive.
    var members: [(key: String, value: JSONValue)] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses the whole input as one value, surrounded by nothing but whitespace.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue()
        try expectEndOfInput()
        return value
    }

    /// Parses the whole input as one object, handing its members to `visitor` in document order
    /// rather than collecting them into a dictionary.
    mutating func parseObjectDocument(handingMembersTo visitor: (String, JSONValue) -> Void) throws(JSONParseError) {
        skipWhitespace()
        guard offset < bytes.count else { throw unexpectedEnd(expecting: "an object") }
        guard bytes[offset] == UInt8(ascii: "{") else { throw unexpectedCharacter(expecting: "an object") }
        try withoutActuallyEscaping(visitor) { (visitor) throws(JSONParseError) in
            try parseMembers(handingTo: visitor)
        }
        try expectEndOfInput()
    }

    /// Only whitespace may follow the top-level value.
    private mutating func expectEndOfInput() throws(JSONParseError) {
        skipWhitespace()
        guard offset == bytes.count else {
            throw JSONParseError(.trailingData, at: offset, "unexpected \(describeByte(at: offset)) after the value")
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard offset < bytes.count else { throw unexpectedEnd(expecting: "a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        default:
            throw unexpectedCharacter(expecting: "a value")
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        let base = members.count
        try parseMembers(handingTo: nil)
        if members.count == base { return .object([:]) }
        var fields = [String: JSONValue](minimumCapacity: members.count - base)
        // Backwards, so that a repeated key keeps its first value, as `JSONDecoder` does (RFC 8259
        // leaves it open); the IPC envelope read through `JSONDecoder` before, and still reads the same.
        for index in (base..<members.count).reversed() {
            fields[members[index].key] = members[index].value
        }
        members.removeSubrange(base...)
        return .object(fields)
    }

    /// Parses the object whose `{` is at `offset`, handing each member to `visitor`, or
    /// appending it to `members` when there is none.
    mutating func parseMembers(handingTo visitor: ((String, JSONValue) -> Void)?) throws(JSONParseError) {
        try enterContainer()
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard offset < bytes.count else { throw unexpectedEnd(expecting: "a string key") }
            guard bytes[offset] == UInt8(ascii: "\"") else { throw unexpectedCharacter(expecting: "a string key") }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after an object key")
            let value = try parseValue()
            if let visitor { visitor(key, value) } else { members.append((key, value)) }
            skipWhitespace()
            guard offset < bytes.count else { throw unexpectedEnd(expecting: "',' or '}'") }
            switch bytes[offset] {
            case UInt8(ascii: ","):
                offset += 1
            case UInt8(ascii: "}"):
                offset += 1
                depth -= 1
                return
            default:
                throw unexpectedCharacter(expecting: "',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue())
            skipWhitespace()
            guard offset < bytes.count else { throw unexpectedEnd(expecting: "',' or ']'") }
            switch bytes[offset] {
            case UInt8(ascii: ","):
                offset += 1
            case UInt8(ascii: "]"):
                offset += 1
                depth -= 1
                return .array(elements)
            default:
                throw unexpectedCharacter(expecting: "',' or ']'")
            }
        }
    }

    /// Steps over the `[` or `{` at `offset`, refusing to nest deeper than the limit: the parser
    /// recurses once per level, and a frame of a million `[` must not overflow a thread's stack.
    private mutating func enterContainer() throws(JSONParseError) {
        guard depth < JSONValue.maximumNestingDepth else {
            throw JSONParseError(
                .tooDeep, at: offset, "arrays and objects nested deeper than \(JSONValue.maximumNestingDepth) levels")
        }
        depth += 1
        offset += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard offset < bytes.count else { throw unexpectedEnd(expecting: "'\(literal)'") }
            guard bytes[offset] == byte else { throw unexpectedCharacter(expecting: "'\(literal)'") }
            offset += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONParseError) {
        guard offset < bytes.count else { throw unexpectedEnd(expecting: what) }
        guard bytes[offset] == byte else { throw unexpectedCharacter(expecting: what) }
        offset += 1
    }

    /// Skips the four whitespace bytes RFC 8259 allows (no BOM, no other Unicode spaces).
    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): offset += 1
            default: return
            }
        }
    }

    // MARK: - Errors

    func unexpectedEnd(expecting what: String) -> JSONParseError {
        JSONParseError(.unexpectedEnd, at: offset, "expected \(what), found the end of the input")
    }

    func unexpectedCharacter(expecting what: String) -> JSONParseError {
        JSONParseError(.unexpectedCharacter, at: offset, "expected \(what), found \(describeByte(at: offset))")
    }

    /// `'x'` for printable ASCII, `byte 0xNN` otherwise, so messages stay one readable line.
    func describeByte(at index: Int) -> String {
        guard index < bytes.count else { return "the end of the input" }
        let byte = bytes[index]
        if byte >= 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }
}
