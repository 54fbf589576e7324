import Foundation
import HTTPTypes
import MCShared

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An agent's directory on this host: `config.workspace` when it is an absolute path to an
/// existing directory. Only flat file names are ever joined to it, so `..` and slashes cannot
/// reach elsewhere; a symlink is followed only when its target stays inside the directory.
/// Writes are atomic: a temporary file beside the target, then `rename(2)`, so readers see the
/// old or the new content, never half of it.
struct AgentWorkspace: Sendable {
    /// The directory, symlinks resolved.
    let root: String

    /// Largest file read or written: 1 MiB.
    static let maximumFileSize = 1 << 20

    /// What an agent's config says about its workspace.
    enum Lookup: Sendable {
        /// No `config.workspace`, or not an absolute path.
        case notConfigured
        /// An absolute path that is not an existing directory.
        case missing(String)
        case ready(AgentWorkspace)
    }

    /// Resolves `config.workspace`. Relative paths are not configured: the original resolved
    /// them inside an OpenClaw state directory, which this port does not have.
    static func lookup(config: [String: JSONValue]) -> Lookup {
        guard let path = config["workspace"]?.stringValue, path.hasPrefix("/") else { return .notConfigured }
        var isDirectory: ObjCBool = false
        guard let root = realPath(path), FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory),
            isDirectory.boolValue
        else { return .missing(path) }
        return .ready(AgentWorkspace(root: root))
    }

    /// The workspace, or 400 when the agent has none.
    static func require(config: [String: JSONValue]) throws -> AgentWorkspace {
        switch lookup(config: config) {
        case .notConfigured: throw APIError(.badRequest, "Agent workspace is not configured")
        case .missing: throw APIError(.badRequest, "Agent workspace directory does not exist")
        case .ready(let workspace): return workspace
        }
    }

    /// The workspace when there is one, for routes that only mirror into it.
    static func optional(config: [String: JSONValue]) -> AgentWorkspace? {
        if case .ready(let workspace) = lookup(config: config) { return workspace }
        return nil
    }

    /// A file read from the workspace.
    struct File: Sendable {
        var name: String
        var content: String
        /// Modification time, unix seconds with fractions.
        var modified: Double
    }

    /// The first of `names` that exists as a regular file, or nil.
    func read(firstOf names: [String]) throws -> File? {
        for name in names {
            let (path, exists) = try target(name)
            guard exists else { continue }
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? NSNumber, size.intValue > Self.maximumFileSize {
                throw APIError(.contentTooLarge, "File too large to read (max \(Self.maximumFileSize) bytes): \(name)")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw APIError(.internalServerError, "Failed to read workspace file: \(name)")
            }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return File(name: name, content: String(decoding: data, as: UTF8.self), modified: modified)
        }
        return nil
    }

    /// Replaces `name` with `content` atomically, keeping an existing file's permissions.
    func write(_ name: String, content: String) throws {
        let (path, exists) = try target(name)
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        do {
            try Data(content.utf8).write(to: URL(fileURLWithPath: temporary), options: .withoutOverwriting)
            if exists, let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] {
                try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw APIError(.internalServerError, "Failed to save workspace file: \(name)")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw APIError(.internalServerError, "Failed to save workspace file: \(name)")
        }
    }

    /// Where `name` is read from and written to, and whether it exists. A symlink resolves to
    /// its target, which must lie inside the workspace; anything but a regular file is refused.
    func target(_ name: String) throws -> (path: String, exists: Bool) {
        precondition(!name.contains("/") && name != ".." && name != ".", "workspace names are flat")
        let path = root == "/" ? "/" + name : root + "/" + name
        // attributesOfItem does not follow a final symlink (lstat), so links are seen as links.
        guard var type = Self.fileType(path) else { return (path, false) }
        var resolved = path
        if type == .typeSymbolicLink {
            let inside = root == "/" ? "/" : root + "/"
            guard let real = Self.realPath(path), real.hasPrefix(inside) else {
                throw APIError(.badRequest, "File links outside the agent workspace: \(name)")
            }
            guard let target = Self.fileType(real) else { return (path, false) }
            type = target
            resolved = real
        }
        guard type == .typeRegular else { throw APIError(.badRequest, "Not a regular file: \(name)") }
        return (resolved, true)
    }

    /// The type of the file at `path` itself (a symlink is `.typeSymbolicLink`); nil when absent.
    static func fileType(_ path: String) -> FileAttributeType? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    }

    /// `realpath(3)`: the absolute path with every symlink, `.` and `..` resolved; nil when
    /// some component does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
