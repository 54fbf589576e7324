import Foundation
import MCShared

/// `GET /api/tokens?action=export`: the original's CSV columns (timestamp, agentName, model,
/// sessionId, operation, inputTokens, outputTokens, totalTokens, cost, duration) followed by the
/// ledger's (project, cache classes, flags). An unknown cost is an empty cell, not 0.
enum UsageExport {
    static let header = [
        "timestamp", "agentName", "model", "sessionId", "operation", "inputTokens", "outputTokens", "totalTokens", "cost",
        "duration", "project", "cacheWrite5mTokens", "cacheWrite1hTokens", "cacheReadTokens", "flags",
    ]

    /// The CSV text of `records` (as `TokenLedgerQueries.record` shapes them), CRLF line ends.
    static func csv(_ records: [JSONValue]) -> String {
        var lines = [header.joined(separator: ",")]
        for record in records {
            func text(_ key: String) -> String { record[key]?.stringValue ?? "" }
            func integer(_ key: String) -> String { record[key]?.intValue.map(String.init) ?? "" }
            let cost = record["costMicros"]?.intValue.map { String(format: "%.4f", Double($0) / 1_000_000) } ?? ""
            let flags = (record["flags"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ";")
            let fields = [
                TokenLedgerQueries.iso(Int64(record["timestamp"]?.intValue ?? 0)), text("agentName"), text("model"),
                text("sessionId"), text("operation"), integer("inputTokens"), integer("outputTokens"), integer("totalTokens"),
                cost, "", text("project"), integer("cacheWrite5mTokens"), integer("cacheWrite1hTokens"),
                integer("cacheReadTokens"), flags,
            ]
            lines.append(fields.map(escape).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet
    /// does not run a session id or model name as a formula.
    static func escape(_ field: String) -> String {
        var value = field
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
