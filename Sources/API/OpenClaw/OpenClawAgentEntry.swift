import Foundation
import MCShared

/// One `agents.list[]` entry of `openclaw.json` mapped to a Mission Control agent (reference
/// mc-background §4.7).
struct OpenClawAgentEntry: Sendable, Equatable {
    /// Longest agent name accepted, as for agents created through the API.
    static let nameLimit = 100

    var name: String
    var role: String
    /// `{openclawId, model, identity, sandbox, tools, subagents, memorySearch, workspace,
    /// agentDir, isDefault}`, absent keys left out.
    var config: [String: JSONValue]
    /// `soul.md` of the workspace, nil when there is none.
    var soul: String?

    /// Maps an entry: name = `identity.name` || `name` || `id`, role = `identity.theme` ||
    /// `agent`. Identity and tools read from the workspace fill in what the entry leaves out.
    /// Throws a one-line reason for entries that cannot become an agent.
    init(_ entry: JSONValue, paths: OpenClawPaths) throws(OpenClawEntryError) {
        guard case .object(let fields) = entry else { throw OpenClawEntryError("entry is not an object") }
        let id = fields["id"]?.stringValue
        var identity: [String: JSONValue] = [:]
        if case .object(let given)? = fields["identity"] { identity = given }
        let rawName = [identity["name"]?.stringValue, fields["name"]?.stringValue, id]
            .compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty }
        guard let rawName else { throw OpenClawEntryError("entry has no id or name") }
        guard rawName.count <= Self.nameLimit else {
            throw OpenClawEntryError("name \"\(rawName.prefix(40))…\" is longer than \(Self.nameLimit) characters")
        }
        name = rawName
        role = identity["theme"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "agent"

        var config: [String: JSONValue] = [:]
        config["openclawId"] = id.map(JSONValue.string)
        for key in ["model", "sandbox", "subagents", "memorySearch", "agentDir"] { config[key] = fields[key] }
        config["isDefault"] = fields["default"]?.boolValue.map(JSONValue.bool)
        var tools: [String: JSONValue] = [:]
        if case .object(let given)? = fields["tools"] { tools = given }
        let workspacePath = fields["workspace"]?.stringValue
        config["workspace"] = workspacePath.map(JSONValue.string)
        var soul: String?
        if let workspacePath, let directory = paths.workspace(workspacePath) {
            if let text = OpenClawWorkspaceFiles.read(directory, "identity.md") {
                // Values from openclaw.json win over the file's.
                identity = OpenClawWorkspaceFiles.identity(text).merging(identity) { _, json in json }
            }
            if let text = OpenClawWorkspaceFiles.read(directory, "TOOLS.md") {
                tools = OpenClawWorkspaceFiles.tools(text).merging(tools) { _, json in json }
            }
            soul = OpenClawWorkspaceFiles.read(directory, "soul.md")
        }
        if !identity.isEmpty { config["identity"] = .object(identity) }
        if !tools.isEmpty { config["tools"] = .object(tools) }
        self.config = config
        self.soul = soul
    }
}

/// Why an `openclaw.json` agent entry was skipped.
struct OpenClawEntryError: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
