/// Typed access to environment variables with one-line errors that name the variable, say
/// what was expected and echo what was found.
public struct EnvironmentReader: Sendable {
    /// The merged environment: process variables over `.env` values.
    public let values: [String: String]

    /// Wraps `values`.
    public init(_ values: [String: String]) { self.values = values }

    /// The value of `name`, or nil when unset or empty.
    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// An integer in `range`, or `defaultValue` when unset.
    public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(ConfigurationError)
        -> Int
    {
        guard let raw = string(name) else { return defaultValue }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw ConfigurationError(
                name, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
        }
        return value
    }

    /// A duration given in seconds (decimals allowed, e.g. `1.5`), within `range` seconds.
    public func seconds(_ name: String, default defaultValue: Duration, in range: ClosedRange<Double>)
        throws(ConfigurationError) -> Duration
    {
        guard let raw = string(name) else { return defaultValue }
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value) else {
            throw ConfigurationError(
                name, "expected a number of seconds from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    /// A boolean: `1/true/yes/on` or `0/false/no/off`, or `defaultValue` when unset.
    public func flag(_ name: String, default defaultValue: Bool = false) throws(ConfigurationError) -> Bool {
        guard let raw = string(name) else { return defaultValue }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(name, "expected 1/true/yes/on or 0/false/no/off, got '\(raw)'")
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        String(self.drop(while: set.contains).reversed().drop(while: set.contains).reversed())
    }
}

extension Set where Element == Character {
    fileprivate static let whitespaces: Set<Character> = [" ", "\t"]
}
