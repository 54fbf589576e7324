import MCTranscripts

#if canImport(Glibc)
    import Glibc
#endif

/// The transcripts under the roots, one at a time: the same files and order as
/// `TranscriptLocator`, but as an iterator, so the scanner can `await` between files without
/// collecting the tree. It holds only the entry names of the directories on the current path.
struct TranscriptTreeWalk: IteratorProtocol {
    private struct Frame {
        var directory: String
        var components: [String]
        var root: String
        var entries: [(name: String, isDirectory: Bool)]
        var next = 0
    }

    /// Levels below a root (as `TranscriptLocator.maxDepth`).
    let maxDepth: Int
    private var roots: [String]
    private var stack: [Frame] = []
    private var seenRoots: Set<[UInt64]> = []

    init(roots: [String], maxDepth: Int = 8) {
        self.roots = roots.reversed()
        self.maxDepth = maxDepth
    }

    mutating func next() -> TranscriptFile? {
        while true {
            guard var frame = stack.popLast() else {
                guard let root = roots.popLast() else { return nil }
                var info = stat()
                // A root reached twice (the same directory under two names) is walked once.
                guard stat(root, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
                    seenRoots.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted
                else { continue }
                stack.append(
                    Frame(directory: root, components: [], root: root, entries: TranscriptLocator.entries(of: root)))
                continue
            }
            guard frame.next < frame.entries.count else { continue }
            let (name, isDirectory) = frame.entries[frame.next]
            frame.next += 1
            stack.append(frame)
            let path = frame.directory + "/" + name
            let components = frame.components + [name]
            if isDirectory {
                if components.count < maxDepth {
                    stack.append(
                        Frame(
                            directory: path, components: components, root: frame.root,
                            entries: TranscriptLocator.entries(of: path)))
                }
                continue
            }
            if let file = TranscriptFile.at(path: path, root: frame.root, components: components) { return file }
        }
    }
}

extension TranscriptFile {
    /// The transcript at `path` under one of `roots` (the first whose directory contains it), or
    /// nil when it is not a transcript, not under a root, or not a regular file (gone).
    static func at(path: String, roots: [String]) -> TranscriptFile? {
        for root in roots where path.hasPrefix(root + "/") {
            let components = path.dropFirst(root.count + 1).split(separator: "/", omittingEmptySubsequences: false)
                .map(String.init)
            guard !components.contains(where: { $0.isEmpty || $0.hasPrefix(".") }) else { return nil }
            return at(path: path, root: root, components: components)
        }
        return nil
    }

    /// The transcript at `path`, given its components below `root`; stats the file.
    static func at(path: String, root: String, components: [String]) -> TranscriptFile? {
        guard let attribution = classify(components) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return TranscriptFile(
            path: path, root: root, projectSlug: components[0], sessionID: attribution.sessionID,
            agentID: attribution.agentID, kind: attribution.kind, device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino), size: Int64(info.st_size))
    }
}
