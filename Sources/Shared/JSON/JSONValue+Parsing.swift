extension JSONValue {
    /// How deeply arrays and objects may nest in a parsed text: 512 levels parse, 513 fail with
    /// `JSONParseError.Kind.tooDeep`. Real documents stay far below; the limit keeps a hostile
    /// text from exhausting the stack of the (recursive) parser.
    public static let maximumNestingDepth = 512

    /// Parses a JSON text (RFC 8259, strict) held in memory as UTF-8.
    ///
    /// Strict means: only the four JSON whitespace characters, no trailing commas or garbage, no
    /// comments, numbers exactly per the grammar (no `+1`, `01`, `1.`, `.5`, `NaN`, `Infinity`,
    /// nor values beyond `Double`'s range), every escape checked (a lone UTF-16 surrogate is an
    /// error), no raw control characters in strings, and well-formed UTF-8 only.
    /// Numbers become `Double`s, correctly rounded: integers beyond ±2^53 lose precision, as in
    /// every JSON parser that reads numbers as doubles.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes.assumingMemoryBound(to: UInt8.self))
        return try parser.parseDocument()
    }

    /// Parses a JSON text whose top level must be an object, handing each member to `body` in
    /// document order instead of building a dictionary. For readers of a fixed shape (the IPC
    /// envelope) that look at a few known keys, this saves hashing every key twice. Members are
    /// parsed as by `parse`, with the same strictness; a text that is not an object fails with
    /// `unexpectedCharacter` (or `unexpectedEnd` when empty). `body` may have seen some members
    /// before a later error is found.
    public static func parseObjectMembers(
        _ bytes: UnsafeRawBufferPointer, _ body: (_ key: String, _ value: JSONValue) -> Void
    ) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes.assumingMemoryBound(to: UInt8.self))
        try parser.parseObjectDocument(handingMembersTo: body)
    }

    /// Parses a JSON text held as UTF-8 bytes (`[UInt8]`, `ArraySlice`, `Data`, …). See
    /// `parse(_: UnsafeRawBufferPointer)` for what is accepted.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let parsed = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let parsed { return try parsed.get() }
        // Not contiguous (rare: a lazy or linked collection): parse a copy.
        return try parse(Array(bytes))
    }

    /// Parses a JSON text given as a string. See `parse(_: UnsafeRawBufferPointer)` for what is
    /// accepted.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }.get()
    }
}
