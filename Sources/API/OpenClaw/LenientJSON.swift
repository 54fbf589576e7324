import MCShared

/// Reads the JSON5-ish files people write by hand (reference mc-background §4.7): strict JSON
/// first; then with `//` and `/* */` comments and trailing commas removed; then with bare object
/// keys quoted as well.
enum LenientJSON {
    /// The parsed value, or nil when even the lenient forms do not parse.
    static func parse(_ text: String) -> JSONValue? {
        if let value = try? JSONValue.parse(Array(text.utf8)) { return value }
        let cleaned = normalize(text, quoteKeys: false)
        if let value = try? JSONValue.parse(Array(cleaned.utf8)) { return value }
        return try? JSONValue.parse(Array(normalize(text, quoteKeys: true).utf8))
    }

    /// One pass over the text that copies strings verbatim and, outside them, drops comments and
    /// commas that only precede `}` or `]`, and optionally quotes bare keys.
    static func normalize(_ text: String, quoteKeys: Bool) -> String {
        let characters = Array(text)
        var output = ""
        output.reserveCapacity(characters.count)
        var index = 0
        /// The last significant (non-space) character written, to recognise key positions.
        var lastSignificant: Character = " "
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                let end = stringEnd(characters, from: index)
                output += String(characters[index..<end])
                lastSignificant = "\""
                index = end
                continue
            }
            if character == "/", index + 1 < characters.count, characters[index + 1] == "/" {
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            }
            if character == "/", index + 1 < characters.count, characters[index + 1] == "*" {
                index += 2
                while index + 1 < characters.count, !(characters[index] == "*" && characters[index + 1] == "/") { index += 1 }
                index = min(index + 2, characters.count)
                continue
            }
            if character == ",", nextSignificant(characters, after: index).map({ $0 == "}" || $0 == "]" }) == true {
                index += 1
                continue
            }
            if quoteKeys, lastSignificant == "{" || lastSignificant == ",", isIdentifierStart(character) {
                var end = index
                while end < characters.count, isIdentifierPart(characters[end]) { end += 1 }
                if nextSignificant(characters, after: end - 1) == ":" {
                    output += "\"" + String(characters[index..<end]) + "\""
                    lastSignificant = "\""
                    index = end
                    continue
                }
            }
            output.append(character)
            if !character.isWhitespace { lastSignificant = character }
            index += 1
        }
        return output
    }

    /// The index just past the string literal that starts at `start`.
    private static func stringEnd(_ characters: [Character], from start: Int) -> Int {
        var index = start + 1
        while index < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if characters[index] == "\"" { return index + 1 }
            index += 1
        }
        return characters.count
    }

    /// The first non-space character after `index`, skipping comments.
    private static func nextSignificant(_ characters: [Character], after index: Int) -> Character? {
        var position = index + 1
        while position < characters.count {
            let character = characters[position]
            if character.isWhitespace {
                position += 1
            } else if character == "/", position + 1 < characters.count, characters[position + 1] == "/" {
                while position < characters.count, characters[position] != "\n" { position += 1 }
            } else if character == "/", position + 1 < characters.count, characters[position + 1] == "*" {
                position += 2
                while position + 1 < characters.count, !(characters[position] == "*" && characters[position + 1] == "/") {
                    position += 1
                }
                position += 2
            } else {
                return character
            }
        }
        return nil
    }

    private static func isIdentifierStart(_ character: Character) -> Bool {
        character == "_" || character == "$" || (character.isASCII && character.isLetter)
    }

    private static func isIdentifierPart(_ character: Character) -> Bool {
        isIdentifierStart(character) || (character.isASCII && character.isNumber) || character == "-"
    }
}
