/// Parses a stream of transcript lines and counts what it had to skip. Malformed lines are
/// never fatal: Claude Code, editors and crashes all leave them behind.
public struct TranscriptLineParser: Sendable, Hashable {
    /// Lines that were not a JSON object.
    public private(set) var malformedLines = 0
    /// Empty or whitespace-only lines (not counted as malformed).
    public private(set) var blankLines = 0
    /// Lines parsed successfully.
    public private(set) var parsedLines = 0

    /// A parser with zeroed counters.
    public init() {}

    /// Parses one line (without its newline; a trailing `\r` is tolerated). Returns nil for a
    /// blank or malformed line, after counting it.
    public mutating func parse(_ bytes: some Collection<UInt8>) -> TranscriptLine? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            blankLines += 1
            return nil
        }
        // JSON whitespace includes `\r`, so CRLF files parse without special handling.
        guard let line = TranscriptLine.parse(bytes) else {
            malformedLines += 1
            return nil
        }
        parsedLines += 1
        return line
    }
}
