import Foundation
import HTTPTypes
import MCShared

/// SOUL templates: `<name>.md` files in one directory (`MC_SOUL_TEMPLATES_DIR`, default
/// `<data dir>/soul-templates`; an absent directory has no templates). Names match
/// `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`, so a name is never a path.
struct SoulTemplates: Sendable {
    let directory: String

    /// Largest template read, in bytes (a SOUL is at most 50000 characters anyway).
    static let maximumSize = 1 << 20

    /// The directory the configuration names.
    init(configuration: MissionControlConfiguration) {
        directory =
            configuration.environment.string("MC_SOUL_TEMPLATES_DIR") ?? configuration.dataDirectory + "/soul-templates"
    }

    init(directory: String) { self.directory = directory }

    /// True when `name` is a valid template name.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64, isAlphanumeric(first) else {
            return false
        }
        return name.unicodeScalars.dropFirst().allSatisfy { isAlphanumeric($0) || $0 == "_" || $0 == "-" }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// True when the directory exists.
    var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Template names, sorted.
    func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.filter(Self.isValidName).sorted()
    }

    /// `[{name, description, size}]`: the description is the first non-empty line without its
    /// leading `#`s, or `<name> template`; the size counts UTF-16 code units, as the original.
    func list() -> [JSONValue] {
        names().compactMap { name in
            guard let content = try? content(name) else { return nil }
            let firstLine = content.split(whereSeparator: \.isNewline)
                .map { line in line.trimmingCharacters(in: .whitespaces) }.first { line in !line.isEmpty }
            let heading = firstLine.map { line in String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces) }
            let description = heading.flatMap { $0.isEmpty ? nil : $0 } ?? "\(name) template"
            return [
                "name": .string(name), "description": .string(description),
                "size": .number(Double(content.utf16.count)),
            ]
        }
    }

    /// The template's text: 400 for an invalid name, 404 when there is no such template.
    func content(_ name: String) throws -> String {
        guard Self.isValidName(name) else { throw APIError(.badRequest, "Invalid template name") }
        let path = directory + "/" + name + ".md"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType != .typeDirectory,
            let data = FileManager.default.contents(atPath: path)
        else { throw APIError(.notFound, "Template not found") }
        guard data.count <= Self.maximumSize else { throw APIError(.contentTooLarge, "Template too large (max \(Self.maximumSize) bytes)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The template with `{{AGENT_NAME}}`, `{{AGENT_ROLE}}` and `{{TIMESTAMP}}` filled in.
    func render(_ name: String, agentName: String, agentRole: String, now: Date) throws -> String {
        // One pass: a placeholder inside the agent's name or role is left as it is.
        let timestamp = AgentMemoryService.isoTimestamp(now)
        return try content(name).components(separatedBy: "{{AGENT_NAME}}").map { part in
            part.components(separatedBy: "{{AGENT_ROLE}}")
                .map { $0.replacingOccurrences(of: "{{TIMESTAMP}}", with: timestamp) }
                .joined(separator: agentRole)
        }.joined(separator: agentName)
    }
}
