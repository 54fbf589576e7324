import Foundation

/// Reads a `.env` file: `KEY=value` lines, `#` comments, optional `export ` prefix, and values
/// in single quotes (taken literally) or double quotes (with `\n`, `\"` and `\\` escapes).
public enum DotEnvFile {
    /// Parses `text`; a line that is not a valid assignment is an error naming its line number,
    /// because silently skipping it would hide a typo in a password or port.
    public static func parse(_ text: String, source: String = ".env") throws(ConfigurationError) -> [String: String] {
        var values: [String: String] = [:]
        // Split on any newline: in Swift "\r\n" is one Character, so splitting on "\n" alone would
        // leave a file saved on Windows as one long line.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
                throw ConfigurationError(nil, "\(source) line \(index + 1): expected KEY=value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !(key.first?.isNumber ?? true) else {
                throw ConfigurationError(nil, "\(source) line \(index + 1): '\(key)' is not a valid variable name")
            }
            let rest = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            values[key] = try unquote(rest, source: source, line: index + 1)
        }
        return values
    }

    /// Loads `path` when it exists; a missing file is no error (the file is optional).
    public static func load(path: String) throws(ConfigurationError) -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ConfigurationError(nil, "cannot read \(path): check its permissions and that it is UTF-8")
        }
        return try parse(text, source: path)
    }

    private static func unquote(_ value: String, source: String, line: Int) throws(ConfigurationError) -> String {
        guard let quote = value.first, quote == "\"" || quote == "'" else {
            // Unquoted: an inline comment starts at " #".
            if let comment = value.range(of: " #") { return value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
            return value
        }
        guard value.count >= 2, value.last == quote else {
            throw ConfigurationError(nil, "\(source) line \(line): unterminated \(quote) quote")
        }
        let inner = value.dropFirst().dropLast()
        if quote == "'" { return String(inner) }
        var result = ""
        var escaping = false
        for character in inner {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
