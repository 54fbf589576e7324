import Foundation
import MCShared

/// An agent defined by files under a local agents folder (`~/.claude/agents` and the like;
/// reference mc-background §9.4): a flat `<name>.md` with YAML front matter, or a directory
/// holding `soul.md`, `AGENT.md`, `agent.md`, `identity.md`, `SKILL.md`, `config.json` or
/// `agent.json`.
struct LocalAgentDefinition: Sendable, Equatable {
    /// Files that make a directory an agent; the first present of the first five is its soul.
    static let soulFiles = ["soul.md", "AGENT.md", "agent.md", "identity.md", "SKILL.md"]
    static let configFiles = ["config.json", "agent.json"]
    /// Flat markdown files that are not agents.
    static let ignoredFiles: Set<String> = ["CLAUDE.md", "AGENTS.md"]

    var name: String
    var role: String
    var soul: String
    var config: [String: JSONValue]
    /// The file or directory it was read from.
    var path: String

    /// `sha256(soul + config)`: a change on disk changes the hash.
    var contentHash: String { SecretToken.sha256Hex(soul + JSONValue.object(config).jsonText) }

    /// Every definition in `root`, in name order; entries named `skills` are skipped.
    static func scan(root: String) -> [LocalAgentDefinition] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        return names.sorted().compactMap { entry in
            guard entry != "skills", !entry.hasPrefix(".") else { return nil }
            let path = (root as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
            if isDirectory.boolValue { return directory(path) }
            guard entry.hasSuffix(".md"), !ignoredFiles.contains(entry),
                let text = OpenClawWorkspaceFiles.read(root, entry)
            else { return nil }
            return flat(text, stem: String(entry.dropLast(3)), path: path)
        }
    }

    /// A flat markdown agent: front matter `name, description, model, color, tools` → config,
    /// the body → soul, the name from the front matter or the file name.
    static func flat(_ text: String, stem: String, path: String) -> LocalAgentDefinition {
        let (frontMatter, body) = split(text)
        var config: [String: JSONValue] = [:]
        for key in ["description", "model", "color"] {
            if let value = frontMatter[key], !value.isEmpty { config[key] = .string(value) }
        }
        if let tools = frontMatter["tools"], !tools.isEmpty {
            if let parsed = try? JSONValue.parse(tools), case .array = parsed {
                config["tools"] = parsed
            } else {
                config["tools"] = .array(tools.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
            }
        }
        let name = frontMatter["name"].flatMap { $0.isEmpty ? nil : $0 } ?? stem
        return LocalAgentDefinition(name: name, role: "agent", soul: body, config: config, path: path)
    }

    /// A directory agent, nil when it holds none of the agent files.
    static func directory(_ path: String) -> LocalAgentDefinition? {
        let soul = soulFiles.lazy.compactMap { OpenClawWorkspaceFiles.read(path, $0) }.first
        let configText = configFiles.lazy.compactMap { OpenClawWorkspaceFiles.read(path, $0) }.first
        guard soul != nil || configText != nil else { return nil }
        var config: [String: JSONValue] = [:]
        if let configText, case .object(let fields)? = LenientJSON.parse(configText) { config = fields }
        var role = "agent"
        for line in (soul ?? "").split(separator: "\n", omittingEmptySubsequences: false).prefix(10) {
            let trimmed = line.trimmingCharacters(in: .whitespaces).lowercased()
            for key in ["role:", "theme:"] where trimmed.hasPrefix(key) {
                let value = line.trimmingCharacters(in: .whitespaces).dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty, role == "agent" { role = value }
            }
        }
        let name = config["name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? (path as NSString).lastPathComponent
        return LocalAgentDefinition(name: name, role: role, soul: soul ?? "", config: config, path: path)
    }

    /// The `key: value` lines of a leading `---` block (quotes stripped) and the text after it.
    static func split(_ text: String) -> (frontMatter: [String: String], body: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else { return ([:], text) }
        var fields: [String: String] = [:]
        for line in lines[1..<end] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            fields[key] = value
        }
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return (fields, body)
    }
}
