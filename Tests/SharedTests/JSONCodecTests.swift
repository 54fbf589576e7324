import Foundation
import MCShared
import Testing

/// The hand-written JSON codec: `JSONValue.parse` (strict RFC 8259) and `JSONValue.jsonBytes`.
@Suite struct JSONCodecTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }
    private func text(_ value: JSONValue) -> String { String(decoding: value.jsonBytes, as: UTF8.self) }

    // MARK: - Round trips

    @Test func nestedValuesRoundTrip() throws {
        let value: JSONValue = [
            "null": nil, "flag": true, "off": false, "int": 42, "neg": -7, "float": 3.25, "text": "héllo \"q\" 😀",
            "list": [1, "two", [3, [[]]], ["four": 4, "deeper": ["x": [nil, false]]]], "empty": [:], "none": [],
        ]
        #expect(try JSONValue.parse(value.jsonBytes) == value)
        #expect(try parse(text(value)) == value)
    }

    @Test func serializesCompactly() {
        let value: JSONValue = ["a": [1, 2.5, true, nil, "x"], "b": ["c": [:]], "d": []]
        #expect(text(value) == #"{"a":[1,2.5,true,null,"x"],"b":{"c":{}},"d":[]}"#)
        #expect(text(.string("")) == #""""#)
    }

    @Test func acceptsAllWhitespaceAndScalarDocuments() throws {
        #expect(try parse(" \t\r\n[ 1 ,\n\t{ \"a\" : null } ] \r\n") == [1, ["a": nil]])
        #expect(try parse("true") == true)
        #expect(try parse(" null ") == nil)
        #expect(try parse("\"s\"") == "s")
        #expect(try parse("-12.5e-1") == -1.25)
    }

    /// RFC 8259 leaves repeated keys open; like `JSONDecoder`, the first one counts.
    @Test func repeatedKeyKeepsItsFirstValue() throws {
        #expect(try parse(#"{"a":1,"b":2,"a":3}"#) == ["a": 1, "b": 2])
        #expect(try parse(#"{"a":null,"a":{"x":[1]}}"#) == ["a": nil])
        var seen: [String] = []
        try Array(#"{"k":1,"k":2}"#.utf8).withUnsafeBytes { bytes in
            try JSONValue.parseObjectMembers(bytes) { key, value in seen.append("\(key)=\(value)") }
        }
        #expect(seen == ["k=number(1.0)", "k=number(2.0)"], "members are handed over in document order")
    }

    @Test func objectMembersOfATopLevelObject() throws {
        let text = Array(#" {"a":[1,{"b":true}],"c":"d"} "#.utf8)
        var members: [String: JSONValue] = [:]
        try text.withUnsafeBytes { bytes in try JSONValue.parseObjectMembers(bytes) { members[$0] = $1 } }
        #expect(members == ["a": [1, ["b": true]], "c": "d"])
        for (bad, kind, offset) in [
            ("[1]", JSONParseError.Kind.unexpectedCharacter, 0), ("", .unexpectedEnd, 0),
            (#"{"a":1} x"#, .trailingData, 8), (#"{"a":01}"#, .invalidNumber, 6),
        ] {
            let error = #expect(throws: JSONParseError.self) {
                try Array(bad.utf8).withUnsafeBytes { bytes in try JSONValue.parseObjectMembers(bytes) { _, _ in } }
            }
            #expect(error?.kind == kind && error?.offset == offset, "\(bad)")
        }
    }

    @Test func inputKinds() throws {
        let bytes = Array(#"{"k":[1]}"#.utf8)
        let expected: JSONValue = ["k": [1]]
        #expect(try JSONValue.parse(bytes) == expected)
        #expect(try JSONValue.parse(bytes[...]) == expected)
        #expect(try JSONValue.parse(Data(bytes)) == expected)
        #expect(try JSONValue.parse(bytes.lazy.map { $0 }) == expected)  // not contiguous: parsed from a copy
        #expect(try bytes.withUnsafeBytes { try JSONValue.parse($0) } == expected)
    }

    // MARK: - Strings

    @Test func everyEscapeParses() throws {
        let value = try parse(#""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\u0000""#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\tAé€\u{0}"))
    }

    @Test func serializationEscapesOnlyWhatItMust() throws {
        #expect(text("a\"b\\c/d") == #""a\"b\\c/d""#)
        #expect(text("\n\r\t\u{8}\u{C}") == #""\n\r\t\b\f""#)
        #expect(text("\u{0}\u{1}\u{1F}\u{7F}") == "\"\\u0000\\u0001\\u001f\u{7F}\"")
        #expect(Array(text("é€😀").utf8) == Array("\"é€😀\"".utf8), "non-ASCII stays UTF-8")
        // Every control character, escaped and read back.
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        #expect(try parse(text(.string(controls))) == .string(controls))
        #expect(!text(.string(controls)).utf8.contains { $0 < 0x20 })
    }

    @Test func surrogatePairs() throws {
        #expect(try parse(#""\uD83D\uDE00""#) == "😀")
        #expect(try parse(#""\ud83d\ude00 and \uDBFF\uDFFF""#) == .string("😀 and \u{10FFFF}"))
        #expect(text("😀").utf8.elementsEqual([0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22]))
    }

    // MARK: - Invalid input

    /// One case per class of invalid input: the text, the kind of error and the byte offset.
    static let invalidTexts: [(String, JSONParseError.Kind, Int)] = [
        ("", .unexpectedEnd, 0), ("   ", .unexpectedEnd, 3), ("[", .unexpectedEnd, 1),
        (#"{"a""#, .unexpectedEnd, 4), (#"{"a":"#, .unexpectedEnd, 5), (#""abc"#, .unexpectedEnd, 4),
        ("tru", .unexpectedEnd, 3), ("trUe", .unexpectedCharacter, 2), ("nul", .unexpectedEnd, 3),
        ("[1,]", .unexpectedCharacter, 3), (#"{"a":1,}"#, .unexpectedCharacter, 7), ("{a:1}", .unexpectedCharacter, 1),
        ("[1 2]", .unexpectedCharacter, 3), (#"{"a" 1}"#, .unexpectedCharacter, 5), ("[1}", .unexpectedCharacter, 2),
        ("/* c */ 1", .unexpectedCharacter, 0), ("'a'", .unexpectedCharacter, 0), ("\u{A0}1", .unexpectedCharacter, 0),
        ("\u{FEFF}1", .unexpectedCharacter, 0),
        ("01", .invalidNumber, 1), ("-01", .invalidNumber, 2), ("1.", .invalidNumber, 2), ("1.e5", .invalidNumber, 2),
        (".5", .unexpectedCharacter, 0), ("+1", .unexpectedCharacter, 0), ("-", .invalidNumber, 1),
        ("- 1", .invalidNumber, 1), ("1e", .invalidNumber, 2), ("1e+", .invalidNumber, 3),
        ("NaN", .unexpectedCharacter, 0),
        ("Infinity", .unexpectedCharacter, 0), ("-Infinity", .invalidNumber, 1), ("1e400", .invalidNumber, 0),
        ("-1e309", .invalidNumber, 0), ("0x10", .trailingData, 1),
        (#""\x""#, .invalidEscape, 2), (#""\u12G4""#, .invalidEscape, 5), (#""\U0041""#, .invalidEscape, 2),
        (#""\u004"#, .unexpectedEnd, 6), ("\"\\", .unexpectedEnd, 2),
        (#""\uD800""#, .invalidSurrogate, 1), (#""\uDC00""#, .invalidSurrogate, 1),
        (#""x\uDFFF\uD800""#, .invalidSurrogate, 2),
        (#""\uD800\u0041""#, .invalidSurrogate, 7), (#""\uD800x""#, .invalidSurrogate, 1),
        (#""\uD800\uD800""#, .invalidSurrogate, 7),
        ("\"a\nb\"", .controlCharacter, 2), ("\"\u{0}\"", .controlCharacter, 1), ("\"\t\"", .controlCharacter, 1),
        ("\"\\n\u{1F}\"", .controlCharacter, 3),
        ("{} x", .trailingData, 3), ("1 2", .trailingData, 2), ("[]]", .trailingData, 2),
        ("nullnull", .trailingData, 4),
    ]

    @Test(arguments: invalidTexts)
    func rejectsInvalidText(_ example: (String, JSONParseError.Kind, Int)) {
        let (text, kind, offset) = example
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        #expect(error?.kind == kind, "\(text): \(error.map(String.init(describing:)) ?? "")")
        #expect(error?.offset == offset, "\(text): \(error.map(String.init(describing:)) ?? "")")
        #expect(error?.description.hasPrefix("invalid JSON at byte \(offset): ") == true)
    }

    /// Malformed UTF-8 inside a string: the offset is the first byte that cannot be right.
    static let invalidUTF8: [([UInt8], Int)] = [
        ([0x22, 0xC3, 0x28, 0x22], 2),  // lead byte without its continuation
        ([0x22, 0x80, 0x22], 1),  // lone continuation byte
        ([0x22, 0xC0, 0x80, 0x22], 1),  // overlong NUL
        ([0x22, 0xE0, 0x80, 0xAF, 0x22], 2),  // overlong three-byte form
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 2),  // UTF-8-encoded surrogate U+D800
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 2),  // above U+10FFFF
        ([0x22, 0xFF, 0x22], 1), ([0x22, 0xE2, 0x82, 0x41, 0x22], 3), ([0x22, 0xE2, 0x82], 3),
    ]

    @Test(arguments: invalidUTF8)
    func rejectsInvalidUTF8(_ example: ([UInt8], Int)) {
        let (bytes, offset) = example
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.offset == offset)
    }

    // MARK: - Numbers

    @Test func parsesNumbers() throws {
        let zero = try #require(try parse("0").doubleValue)
        #expect(zero == 0 && zero.sign == .plus)
        let negativeZero = try #require(try parse("-0").doubleValue)
        #expect(negativeZero == 0 && negativeZero.sign == .minus)
        #expect(try parse("1e300") == .number(1e300))
        #expect(try parse("1.5") == 1.5)
        #expect(try parse("1E2") == 100)
        #expect(try parse("-12.5e+3") == -12_500)
        #expect(try parse("0.000001") == 0.000001)
        #expect(try parse("5e-324") == .number(.leastNonzeroMagnitude))
        #expect(try parse("1e-400") == 0, "underflow reads as zero, like strtod")
        #expect(try parse("123456789012345678901234567890") == .number(1.2345678901234568e29))
        // Documented: numbers are Doubles, so 2^53 + 1 reads as the nearest double, 2^53.
        #expect(try parse("9007199254740993") == .number(9_007_199_254_740_992))
    }

    @Test func serializesNumbers() {
        #expect(text(0) == "0")
        #expect(text(.number(-0.0)) == "-0")
        #expect(text(42) == "42")
        #expect(text(-7) == "-7")
        #expect(text(1.5) == "1.5")
        #expect(text(0.1) == "0.1")
        #expect(text(.number(0.1 + 0.2)) == "0.30000000000000004")
        #expect(text(.number(9_007_199_254_740_992)) == "9007199254740992")
        #expect(text(.number(-9_007_199_254_740_992)) == "-9007199254740992")
        #expect(text(.number(9_007_199_254_740_994)) == "9.007199254740994e+15", "beyond 2^53: shortest form")
        #expect(text(.number(1e300)) == "1e+300")
        #expect(text(.number(1e-7)) == "1e-07")
        #expect(text(.number(.nan)) == "null")
        #expect(text(.number(.infinity)) == "null")
        #expect(text([.number(-.infinity)]) == "[null]")
    }

    @Test func doublesRoundTripExactly() throws {
        var samples: [Double] = [
            0.1, 1.0 / 3, .pi, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.leastNormalMagnitude, 1e22, 1e23,
        ]
        // Fixed-seed pseudo-random bit patterns, so failures reproduce.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        while samples.count < 5000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = Double(bitPattern: state)
            if value.isFinite { samples.append(value) }
        }
        for value in samples {
            let back = try JSONValue.parse(JSONValue.number(value).jsonBytes).doubleValue
            #expect(back?.bitPattern == value.bitPattern, "\(value)")
        }
    }

    // MARK: - Determinism and limits

    @Test func objectKeysAreSorted() {
        var first: [String: JSONValue] = [:]
        var second: [String: JSONValue] = [:]
        let keys = ["zeta", "alpha", "m", "é", "B", "a1", "a", ""]
        for (index, key) in keys.enumerated() { first[key] = .number(Double(index)) }
        for (index, key) in keys.enumerated().reversed() { second[key] = .number(Double(index)) }
        #expect(JSONValue.object(first).jsonBytes == JSONValue.object(second).jsonBytes)
        #expect(text(.object(first)) == #"{"":7,"B":4,"a":6,"a1":5,"alpha":1,"m":2,"zeta":0,"é":3}"#)
        #expect(text(["b": ["d": 1, "c": 2], "a": nil]) == #"{"a":null,"b":{"c":2,"d":1}}"#)
    }

    @Test func nestingDepthLimit() throws {
        let limit = JSONValue.maximumNestingDepth
        #expect(limit == 512)
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        var value = try parse(deepest)
        #expect(try JSONValue.parse(value.jsonBytes) == value)
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        let error = #expect(throws: JSONParseError.self) { try JSONValue.parse(tooDeep) }
        #expect(error?.kind == .tooDeep)
        #expect(error?.offset == limit)
        let objects = String(repeating: #"{"a":"#, count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect((#expect(throws: JSONParseError.self) { try JSONValue.parse(objects) })?.offset == limit * 5)
        value = try parse(String(repeating: #"{"a":"#, count: limit) + "1" + String(repeating: "}", count: limit))
        #expect(value["a"]?["a"] != nil)
    }

    // MARK: - Agreement with Foundation

    static let sampleDocuments = [
        #"{"v":1,"k":"req","id":7,"m":"webhooks.lease","b":{"limit":5,"tags":["a","b"]},"t":250}"#,
        #"{"e":{"code":"not_found","message":"no task 9"},"id":3,"k":"res","v":1}"#,
        #"[0,-0,1,-1,1.5,-2.25,1e10,1E-5,3.14159265358979,9007199254740993,1e300,5e-324]"#,
        #"["", "plain", "tab\tnew\nline", "quote\" back\\ slash\/", "\u00e9\u20ac\ud83d\ude00", "héllo wörld ✓", "\u0000"]"#,
        #"{"nested":{"deeper":{"deepest":[[[[[]]]],{}]}},"flags":[true,false,null],"empty":{}}"#,
        "  [\n  {\"a\" : 1 } ,\r\n\t{ }  ]  ", "true", "null", "-0.5", #""just a string""#,
        "[" + (0..<200).map { "{\"i\":\($0),\"s\":\"item \($0)\",\"f\":\(Double($0) / 7)}" }.joined(separator: ",")
            + "]",
    ]

    @Test(arguments: sampleDocuments)
    func agreesWithJSONSerialization(_ document: String) throws {
        let foundation = try JSONSerialization.jsonObject(with: Data(document.utf8), options: [.fragmentsAllowed])
        let ours = try parse(document)
        let theirs = try #require(Self.jsonValue(fromFoundation: foundation))
        #expect(Self.equal(ours, theirs), "\(ours) != \(theirs)")
        // JSONDecoder rounds every number correctly, so it must agree exactly.
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(document.utf8)) == ours, "Codable agrees too")
        #expect(try parse(text(ours)) == ours)
    }

    /// Equality, except that numbers may differ by an ulp: corelibs' `JSONSerialization` reads
    /// some 17-digit decimals one ulp off (13.428571428571429 as …427), where we and
    /// `JSONDecoder` round correctly.
    private static func equal(_ ours: JSONValue, _ theirs: JSONValue) -> Bool {
        switch (ours, theirs) {
        case (.number(let a), .number(let b)): return a == b || abs(a - b) <= a.ulp
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default: return ours == theirs
        }
    }

    /// Converts what `JSONSerialization` returns; its booleans are NSNumbers of type `c` (char).
    private static func jsonValue(fromFoundation object: Any) -> JSONValue? {
        switch object {
        case is NSNull: return .null
        case let string as String: return .string(string)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        case let array as [Any]:
            let elements = array.compactMap(jsonValue(fromFoundation:))
            return elements.count == array.count ? .array(elements) : nil
        case let dictionary as [String: Any]:
            let fields = dictionary.compactMapValues(jsonValue(fromFoundation:))
            return fields.count == dictionary.count ? .object(fields) : nil
        default: return nil
        }
    }
}
