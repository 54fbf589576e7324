/// Small text helpers for header values, kept local to the edge policies so they need no
/// Foundation and add no extensions to standard types.
enum HeaderText {
    /// `text` without leading and trailing spaces and tabs (HTTP optional whitespace).
    static func trimmed(_ text: some StringProtocol) -> Substring {
        let text = Substring(text)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
            let last = text.lastIndex(where: { !isSpace($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
    }

    /// The comma-separated elements of a header value, trimmed, empty ones dropped.
    static func list(_ value: String?) -> [Substring] {
        guard let value else { return [] }
        return value.split(separator: ",", omittingEmptySubsequences: false)
            .map { trimmed($0) }
            .filter { !$0.isEmpty }
    }

    /// Whether `text` is non-empty and only ASCII digits.
    static func isDigits(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// ASCII-lowercased `text` (host names are ASCII; `lowercased()` would also fold Unicode).
    static func asciiLowercased(_ text: some StringProtocol) -> String {
        String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
