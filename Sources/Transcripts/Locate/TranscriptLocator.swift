#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds every transcript under the roots: `<project>/<session>.jsonl`, the old flat
/// `<project>/agent-<id>.jsonl`, and everything under `<project>/<session>/` (subagents and
/// nested workflows), skipping `journal.jsonl` and non-`.jsonl` files (`*.meta.json`,
/// `sessions-index.json`). It only reads directories and stats files; it never opens a
/// transcript. Symbolic links to directories are not followed (no cycles); a root reached twice
/// (the same directory under two names) is walked once.
public struct TranscriptLocator: Sendable, Hashable {
    /// The `projects` directories, in order.
    public var roots: [String]
    /// How many levels below a root a transcript may be (`<project>/<session>.jsonl` is 2; the
    /// deepest known layout, `…/subagents/workflows/<wf>/agent-<id>.jsonl`, is 6).
    public var maxDepth: Int

    /// A locator over `roots`.
    public init(roots: [String], maxDepth: Int = 8) {
        self.roots = roots
        self.maxDepth = maxDepth
    }

    /// A locator over the roots `TranscriptRoots.resolve` gives for this environment.
    public init(environment: [String: String], homeDirectory: String) {
        self.init(roots: TranscriptRoots.resolve(environment: environment, homeDirectory: homeDirectory))
    }

    /// Every transcript, root by root, in name order within each directory (a stable order,
    /// so scans and tests are reproducible).
    public func transcripts() -> [TranscriptFile] {
        var found: [TranscriptFile] = []
        forEachTranscript { found.append($0) }
        return found
    }

    /// Calls `body` for each transcript, without collecting them (bounded memory for huge trees).
    public func forEachTranscript(_ body: (TranscriptFile) -> Void) {
        var seenRoots: Set<[UInt64]> = []
        for root in roots {
            var info = stat()
            guard stat(root, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
                seenRoots.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted
            else { continue }
            walk(directory: root, components: [], root: root, body: body)
        }
    }

    private func walk(directory: String, components: [String], root: String, body: (TranscriptFile) -> Void) {
        guard components.count < maxDepth else { return }
        for (name, isDirectory) in Self.entries(of: directory) {
            let path = directory + "/" + name
            let pathComponents = components + [name]
            if isDirectory {
                walk(directory: path, components: pathComponents, root: root, body: body)
                continue
            }
            guard let attribution = TranscriptFile.classify(pathComponents) else { continue }
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            body(
                TranscriptFile(
                    path: path, root: root, projectSlug: pathComponents[0], sessionID: attribution.sessionID,
                    agentID: attribution.agentID, kind: attribution.kind, device: UInt64(info.st_dev),
                    inode: UInt64(info.st_ino), size: Int64(info.st_size)))
        }
    }

    /// The names in `directory` (without `.` and `..` and hidden entries), sorted, each with
    /// whether it is a real directory (not a link to one). Unreadable directories are empty.
    public static func entries(of directory: String) -> [(name: String, isDirectory: Bool)] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var entries: [(name: String, isDirectory: Bool)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            guard !name.hasPrefix(".") else { continue }
            var isDirectory = Int(entry.pointee.d_type) == Int(DT_DIR)
            if Int(entry.pointee.d_type) == Int(DT_UNKNOWN) {
                var info = stat()
                isDirectory = lstat(directory + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            entries.append((name, isDirectory))
        }
        return entries.sorted { $0.name < $1.name }
    }
}
