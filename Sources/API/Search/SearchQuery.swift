import Foundation

/// Turns what a user typed into an FTS5 query that cannot be a syntax error.
///
/// Every whitespace-separated word becomes a quoted phrase with its quotes doubled, so FTS5
/// operators (`AND`, `OR`, `NOT`, `NEAR`), column filters (`title:`), parentheses, `^`, `*` and
/// stray quotes are all searched for as text instead of parsed. Each phrase is a prefix query
/// (`"dep"*` finds "deploy"), and the phrases are ANDed, which is FTS5's implicit operator.
/// Words with no letter or digit are dropped: the tokenizer would reduce them to nothing.
enum SearchQuery {
    /// Shortest accepted query, after trimming.
    static let minimumLength = 2

    /// The FTS5 MATCH expression for `text`, or nil when nothing in it can match.
    static func matchExpression(_ text: String) -> String? {
        let phrases = terms(text).map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"*" }
        return phrases.isEmpty ? nil : phrases.joined(separator: " ")
    }

    /// The words of `text` that carry a letter or digit.
    static func terms(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init).filter { word in
            word.unicodeScalars.contains { CharacterSet.alphanumerics.contains($0) }
        }
    }

    /// The original's excerpt: around the first occurrence of the query (else of its first word
    /// that occurs), 40 characters before and 80 after, with `...` where text was cut; without an
    /// occurrence, the first 120 characters.
    static func excerpt(_ text: String?, query: String) -> String? {
        guard let text, !text.isEmpty else { return nil }
        let candidates = [query] + terms(query)
        for candidate in candidates {
            guard let range = text.range(of: candidate, options: [.caseInsensitive, .diacriticInsensitive]) else { continue }
            let start = text.index(range.lowerBound, offsetBy: -40, limitedBy: text.startIndex) ?? text.startIndex
            let end = text.index(range.upperBound, offsetBy: 80, limitedBy: text.endIndex) ?? text.endIndex
            return (start > text.startIndex ? "..." : "") + text[start..<end] + (end < text.endIndex ? "..." : "")
        }
        return text.count > 120 ? String(text.prefix(120)) + "..." : text
    }

    /// True when `text` contains the query, ignoring case and accents.
    static func contains(_ text: String?, _ query: String) -> Bool {
        text?.range(of: query, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }
}
