/// Why `JSONValue.parse` rejected a text, and the byte offset where it noticed.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem, for callers and tests that branch on it rather than on the message.
    public enum Kind: Sendable, Hashable {
        /// The input ended inside a value (or was empty).
        case unexpectedEnd
        /// A byte that cannot start or continue the value at this position.
        case unexpectedCharacter
        /// A number outside the RFC 8259 grammar, or too large for a `Double`.
        case invalidNumber
        /// A backslash escape that RFC 8259 does not define, or a `\u` without four hex digits.
        case invalidEscape
        /// A `\u` escape of a lone or mismatched UTF-16 surrogate.
        case invalidSurrogate
        /// An unescaped control character (U+0000 to U+001F) inside a string.
        case controlCharacter
        /// Bytes that are not well-formed UTF-8.
        case invalidUTF8
        /// Arrays and objects nested deeper than `JSONValue.maximumNestingDepth`.
        case tooDeep
        /// Something other than whitespace after the value.
        case trailingData
    }

    /// The class of problem.
    public var kind: Kind
    /// Offset of the offending byte from the start of the input.
    public var offset: Int
    /// What was wrong, for people.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, at offset: Int, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    /// `invalid JSON at byte N: message`.
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
