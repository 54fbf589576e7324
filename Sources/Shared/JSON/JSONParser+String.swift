extension JSONParser {
    /// Parses the string whose opening quote is at `offset`.
    ///
    /// The common case, no escapes, scans to the closing quote and makes the `String` straight
    /// from the input. The scan itself checks what RFC 8259 and UTF-8 require (no raw control
    /// characters, well-formed multi-byte sequences), so errors point at the offending byte.
    mutating func parseString() throws(JSONParseError) -> String {
        offset += 1
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
                offset += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw controlCharacter() }
            if byte < 0x80 {
                offset += 1
            } else {
                try skipUTF8Sequence()
            }
        }
        throw unexpectedEnd(expecting: "'\"' to close the string")
    }

    /// The slow path, entered at the first backslash: copies runs of plain bytes and decoded
    /// escapes into `scratch`.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
                if byte == UInt8(ascii: "\"") {
                    offset += 1
                    return String(decoding: scratch, as: UTF8.self)
                }
                try parseEscape()
                runStart = offset
            } else if byte < 0x20 {
                throw controlCharacter()
            } else if byte < 0x80 {
                offset += 1
            } else {
                try skipUTF8Sequence()
            }
        }
        throw unexpectedEnd(expecting: "'\"' to close the string")
    }

    /// Decodes the escape whose backslash is at `offset` into `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = offset
        guard offset + 1 < bytes.count else {
            offset += 1
            throw unexpectedEnd(expecting: "an escape character")
        }
        let decoded: UInt8
        switch bytes[offset + 1] {
        case UInt8(ascii: "\""): decoded = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): decoded = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = UInt8(ascii: "\n")
        case UInt8(ascii: "r"): decoded = UInt8(ascii: "\r")
        case UInt8(ascii: "t"): decoded = UInt8(ascii: "\t")
        case UInt8(ascii: "u"):
            offset += 2
            try appendUnicodeEscape(startingAt: escapeStart)
            return
        default:
            offset += 1
            throw JSONParseError(
                .invalidEscape, at: offset, "invalid escape '\\' followed by \(describeByte(at: offset))")
        }
        scratch.append(decoded)
        offset += 2
    }

    /// Decodes `XXXX` (after `\u`), pairing a high surrogate with the `\uXXXX` low surrogate that
    /// must follow it. A lone surrogate is an error rather than U+FFFD: it would not round-trip.
    private mutating func appendUnicodeEscape(startingAt escapeStart: Int) throws(JSONParseError) {
        var scalar = try readHex4()
        if scalar >= 0xDC00, scalar <= 0xDFFF {
            throw JSONParseError(.invalidSurrogate, at: escapeStart, "lone low surrogate \\u\(hex4(scalar))")
        }
        if scalar >= 0xD800, scalar <= 0xDBFF {
            let lowStart = offset
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
            else {
                throw JSONParseError(
                    .invalidSurrogate, at: escapeStart,
                    "high surrogate \\u\(hex4(scalar)) not followed by a \\u low surrogate")
            }
            offset += 2
            let low = try readHex4()
            guard low >= 0xDC00, low <= 0xDFFF else {
                throw JSONParseError(
                    .invalidSurrogate, at: lowStart, "high surrogate \\u\(hex4(scalar)) followed by \\u\(hex4(low))")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        appendUTF8(of: scalar)
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard offset < bytes.count else { throw unexpectedEnd(expecting: "four hex digits after \\u") }
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONParseError(
                    .invalidEscape, at: offset, "expected a hex digit in \\u escape, found \(describeByte(at: offset))")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    private mutating func appendUTF8(of scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Steps over one well-formed multi-byte UTF-8 sequence starting at `offset` (Unicode 15,
    /// table 3-7): no overlong forms, no encoded surrogates, nothing above U+10FFFF.
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = bytes[offset]
        let length: Int
        // The allowed range of the second byte depends on the lead; later bytes are 80...BF.
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: throw invalidUTF8(at: offset)
        }
        for index in 1..<length {
            let position = offset + index
            guard position < bytes.count else { throw invalidUTF8(at: position) }
            let byte = bytes[position]
            let (minimum, maximum) = index == 1 ? (low, high) : (0x80, 0xBF)
            guard byte >= minimum, byte <= maximum else { throw invalidUTF8(at: position) }
        }
        offset += length
    }

    private func controlCharacter() -> JSONParseError {
        JSONParseError(
            .controlCharacter, at: offset, "unescaped control character \(describeByte(at: offset)) in a string")
    }

    private func invalidUTF8(at position: Int) -> JSONParseError {
        guard position < bytes.count else {
            return JSONParseError(.invalidUTF8, at: position, "UTF-8 sequence cut off by the end of the input")
        }
        return JSONParseError(.invalidUTF8, at: position, "invalid UTF-8: unexpected \(describeByte(at: position))")
    }

    private func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
