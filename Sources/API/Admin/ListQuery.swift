import Foundation
import Hummingbird

/// Reads the list routes' query parameters: `limit` with a default and a cap, `offset`, and
/// optional integers. A missing or non-numeric value takes the default, a value above the cap
/// is clamped to it (as the original's `Math.min(parseInt(limit) || default, max)`).
struct ListQuery: Sendable {
    let request: Request

    /// A non-empty string parameter, trimmed.
    func string(_ name: String) -> String? {
        guard let value = request.uri.queryParameters.get(name)?.trimmingCharacters(in: .whitespaces),
            !value.isEmpty
        else { return nil }
        return value
    }

    /// True when the parameter is present, with or without a value (`?stats`).
    func has(_ name: String) -> Bool { request.uri.queryParameters.has(name[...]) }

    /// An integer parameter; nil when absent or not a whole number.
    func integer(_ name: String) -> Int64? { string(name).flatMap { Int64($0) } }

    /// A positive integer parameter: the default when absent, zero, negative or not a number;
    /// at most `maximum`.
    func positive(_ name: String, default defaultValue: Int, maximum: Int) -> Int {
        guard let value = integer(name), value > 0 else { return defaultValue }
        return Int(min(value, Int64(maximum)))
    }

    /// `limit`, as `positive`.
    func limit(default defaultValue: Int, maximum: Int) -> Int {
        positive("limit", default: defaultValue, maximum: maximum)
    }

    /// `offset`: 0 when absent or negative.
    var offset: Int { max(0, Int(clamping: integer("offset") ?? 0)) }
}
