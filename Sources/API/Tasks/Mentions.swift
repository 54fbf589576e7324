import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `@name` mentions in task descriptions and comments (reference §9.13): tokens, and the
/// users and agents of the workspace they may name.
enum Mentions {
    /// A resolved mention: who receives it and whether it is an agent.
    struct Target: Sendable, Equatable {
        var recipient: String
        var isAgent: Bool
    }

    private static func isHandleCharacter(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// The mention tokens of `text` without the `@`, deduplicated case-insensitively (first
    /// spelling kept). An `@` counts only at the start or after a character that cannot be part
    /// of a handle, so e-mail addresses are not mentions; a handle is 1–64 characters starting
    /// with a letter or digit.
    static func tokens(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        var tokens: [String] = []
        var seen: Set<String> = []
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "@"), index == 0 || !isHandleCharacter(bytes[index - 1]) else { continue }
            let start = index + 1
            guard start < bytes.count, isAlphanumeric(bytes[start]) else { continue }
            var end = start + 1
            while end < bytes.count, end - start < 64, isHandleCharacter(bytes[end]) { end += 1 }
            let token = String(decoding: bytes[start..<end], as: UTF8.self)
            if seen.insert(token.lowercased()).inserted { tokens.append(token) }
            index = end - 1
        }
        return tokens
    }

    /// Every handle of the workspace: users by lowercase username, agents by `openclawId`,
    /// dashed name and lowercase name; the first claim of a handle wins.
    static func directory(_ db: Database, workspaceID: Int64) throws -> [String: Target] {
        var targets: [String: Target] = [:]
        for username in try String.fetchAll(
            db, sql: "SELECT username FROM users WHERE workspace_id = ? ORDER BY id", arguments: [workspaceID])
        {
            if targets[username.lowercased()] == nil { targets[username.lowercased()] = Target(recipient: username, isAgent: false) }
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT name, config FROM agents WHERE workspace_id = ? ORDER BY id", arguments: [workspaceID])
        {
            let name: String = row["name"]
            var handles: [String] = []
            if let config = row["config"] as String?, let id = (try? JSONValue.parse(config.utf8))?["openclawId"]?.stringValue {
                handles.append(id.lowercased())
            }
            handles.append(name.split(whereSeparator: \.isWhitespace).joined(separator: "-").lowercased())
            handles.append(name.lowercased())
            for handle in handles where !handle.isEmpty && targets[handle] == nil {
                targets[handle] = Target(recipient: name, isAgent: true)
            }
        }
        return targets
    }

    /// The targets of `text`'s mentions in order, or the 400 naming the unknown ones.
    static func resolve(_ db: Database, text: String?, workspaceID: Int64) throws -> [Target] {
        let tokens = tokens(in: text ?? "")
        guard !tokens.isEmpty else { return [] }
        let directory = try directory(db, workspaceID: workspaceID)
        var targets: [Target] = []
        var missing: [String] = []
        for token in tokens {
            if let target = directory[token.lowercased()] {
                if !targets.contains(target) { targets.append(target) }
            } else {
                missing.append(token)
            }
        }
        guard missing.isEmpty else {
            throw APIDetailedError(
                .badRequest,
                [
                    "error": .string("Unknown mentions: " + missing.map { "@" + $0 }.joined(separator: ", ")),
                    "missing_mentions": .array(missing.map(JSONValue.string)),
                ])
        }
        return targets
    }
}
