import Foundation

/// The settings this server reads, with their defaults and rules (reference §9.10 lists the
/// original's; only those that change something here are offered). Any other key an admin
/// stores is kept as a `custom` setting for integrations and scripts.
enum SettingsCatalogue {
    /// What a setting's value must look like.
    enum Kind: Sendable, Equatable {
        case boolean
        case integer(ClosedRange<Int>)
        case text(maxLength: Int)
    }

    /// One known setting.
    struct Definition: Sendable {
        var key: String
        var defaultValue: String
        var description: String
        var category: String
        var kind: Kind
    }

    static let definitions: [Definition] = [
        Definition(
            key: "general.agent_heartbeat", defaultValue: "true",
            description: "Mark agents offline when their heartbeats stop", category: "general", kind: .boolean),
        Definition(
            key: "general.agent_timeout_minutes", defaultValue: "10",
            description: "Minutes without a heartbeat before an agent is marked offline", category: "general",
            kind: .integer(1...1440)),
    ]

    static let byKey = Dictionary(uniqueKeysWithValues: definitions.map { ($0.key, $0) })

    /// Longest custom key and value.
    static let keyLimit = 100
    static let valueLimit = 10_000

    /// Keys the server manages itself (secrets, per-user state): never listed, never written
    /// through the settings routes (the original exposed and accepted them: quirk 1).
    static func isProtected(_ key: String) -> Bool {
        key.hasPrefix("security.") || key.hasPrefix("user.") || key == "chat.session_prefs.v1"
    }

    /// A custom key: lowercase letters, digits and `._-`, starting with a letter.
    static func isValidCustomKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, ("a"..."z").contains(first), key.count <= keyLimit else { return false }
        return key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }

    /// The stored text of `value` for `key`, or a message saying what is wrong.
    static func normalize(key: String, value: String) -> Result<String, SettingValueError> {
        guard let definition = byKey[key] else {
            return value.count <= valueLimit
                ? .success(value) : .failure(SettingValueError("\(key): at most \(valueLimit) characters"))
        }
        switch definition.kind {
        case .boolean:
            let lowered = value.lowercased()
            guard lowered == "true" || lowered == "false" else { return .failure(SettingValueError("\(key): must be true or false")) }
            return .success(lowered)
        case .integer(let range):
            guard let number = Int(value.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
                return .failure(SettingValueError("\(key): must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            }
            return .success(String(number))
        case .text(let maxLength):
            guard value.count <= maxLength else { return .failure(SettingValueError("\(key): at most \(maxLength) characters")) }
            return .success(value)
        }
    }
}

/// Why a setting's value was refused.
struct SettingValueError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}
