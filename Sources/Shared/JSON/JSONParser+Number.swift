extension JSONParser {
    /// Powers of ten that a `Double` holds exactly (10^22 is the last).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the number starting at `offset` with RFC 8259's grammar:
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    ///
    /// Typical numbers (ids, counts, short decimals) are converted exactly with one multiply or
    /// divide (Clinger's fast path); everything else goes to the standard library's correctly
    /// rounded `Double(String)`. Numbers too large for a `Double` are rejected: they would come
    /// back as infinity, which JSON cannot express.
    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = offset
        let negative = bytes[offset] == UInt8(ascii: "-")
        if negative { offset += 1 }

        // Up to 19 significant digits fit a UInt64; more send the number to the slow path.
        var significand: UInt64 = 0
        var significantDigits = 0
        var exponent = 0

        guard offset < bytes.count, isDigit(bytes[offset]) else { throw numberError("expected a digit") }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, isDigit(bytes[offset]) { throw numberError("leading zeros are not allowed") }
        } else {
            while offset < bytes.count, isDigit(bytes[offset]) {
                accumulate(bytes[offset], into: &significand, digits: &significantDigits)
                offset += 1
            }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw numberError("expected a digit after the decimal point")
            }
            while offset < bytes.count, isDigit(bytes[offset]) {
                accumulate(bytes[offset], into: &significand, digits: &significantDigits)
                exponent -= 1
                offset += 1
            }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            var exponentNegative = false
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                exponentNegative = bytes[offset] == UInt8(ascii: "-")
                offset += 1
            }
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw numberError("expected a digit in the exponent")
            }
            var written = 0
            while offset < bytes.count, isDigit(bytes[offset]) {
                // Saturate: an exponent this large is out of range (or zero) whatever its last digits.
                if written < 100_000 { written = written * 10 + Int(bytes[offset] - UInt8(ascii: "0")) }
                offset += 1
            }
            exponent += exponentNegative ? -written : written
        }

        if significantDigits <= 19, significand <= 1 << 53, exponent >= -22, exponent <= 22 {
            // Both operands are exact, so the one rounding IEEE does is the correct one.
            let magnitude = Double(significand)
            let power = Self.exactPowersOfTen[abs(exponent)]
            let value = exponent < 0 ? magnitude / power : magnitude * power
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONParseError(.invalidNumber, at: start, "number \(text) is out of the range of a Double")
        }
        return value
    }

    /// Adds a digit to the significand, counting digits from the first non-zero one; digits past
    /// the 19th are only counted, which routes the number to the slow path.
    private func accumulate(_ byte: UInt8, into significand: inout UInt64, digits: inout Int) {
        if significand == 0, byte == UInt8(ascii: "0"), digits == 0 { return }
        digits += 1
        if digits <= 19 { significand = significand &* 10 &+ UInt64(byte - UInt8(ascii: "0")) }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func numberError(_ what: String) -> JSONParseError {
        guard offset < bytes.count else {
            return JSONParseError(.invalidNumber, at: offset, "\(what), found the end of the input")
        }
        return JSONParseError(.invalidNumber, at: offset, "\(what), found \(describeByte(at: offset))")
    }
}
