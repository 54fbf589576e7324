import Foundation
import MCShared

/// What an OpenClaw agent's workspace directory adds to its entry (reference mc-background
/// §4.7): `identity.md` (name heading, `theme:` / `emoji:` lines, the first 8 lines),
/// `TOOLS.md` (bullet list of allowed tools, the first 24 lines) and `soul.md`.
enum OpenClawWorkspaceFiles {
    /// Files larger than this are not read.
    static let sizeLimit = 1 << 20

    /// A file's text, nil when missing, unreadable, not UTF-8, or over `sizeLimit`.
    static func read(_ directory: String, _ name: String) -> String? {
        let path = (directory as NSString).appendingPathComponent(name)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let size = attributes[.size] as? Int, size <= sizeLimit,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// `{name?, theme?, emoji?, content}` from `identity.md`.
    static func identity(_ text: String) -> [String: JSONValue] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var fields: [String: JSONValue] = [:]
        if let heading = lines.first(where: { $0.hasPrefix("# ") }) {
            fields["name"] = .string(String(heading.dropFirst(2)).trimmingCharacters(in: .whitespaces))
        }
        for key in ["theme", "emoji"] {
            if let line = lines.first(where: { $0.lowercased().hasPrefix(key + ":") }) {
                let value = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { fields[key] = .string(value) }
            }
        }
        fields["content"] = .string(lines.filter { !$0.isEmpty }.prefix(8).joined(separator: "\n"))
        return fields
    }

    /// `{allow:[tools], raw}` from `TOOLS.md`: lines `- tool` or `` - `tool` ``.
    static func tools(_ text: String) -> [String: JSONValue] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var allow: [JSONValue] = []
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("- ") else { continue }
            var tool = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if tool.hasPrefix("`"), let close = tool.dropFirst().firstIndex(of: "`") {
                tool = String(tool[tool.index(after: tool.startIndex)..<close])
            }
            if !tool.isEmpty, !tool.contains(" ") { allow.append(.string(tool)) }
        }
        return ["allow": .array(allow), "raw": .string(lines.prefix(24).joined(separator: "\n"))]
    }
}
