import CLinux
import Foundation
import Logging
import MCTranscripts
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Watches every directory under the transcript roots with inotify and reports changes, so a
/// write is scanned within a second instead of at the next rescan. Events are read on a
/// dedicated thread (a blocking `poll`, woken by a pipe to stop). New directories are watched
/// as they appear. When the kernel's watch limit is reached it logs once and the periodic
/// rescan covers the unwatched directories.
final class InotifyWatcher: Sendable {
    /// What changed.
    enum Change: Sendable, Hashable {
        /// A `.jsonl` file was written, created, moved or deleted.
        case file(String)
        /// A directory appeared, moved or went away: walk everything.
        case directory(String)
        /// The kernel dropped events (`IN_Q_OVERFLOW`): walk everything.
        case overflow
    }

    private struct Watches {
        var pathByWatch: [Int32: (path: String, depth: Int)] = [:]
        var watchByPath: [String: Int32] = [:]
        var limitLogged = false
        var started = false
        var stopped = false
    }

    /// Directories are watched up to this many levels below a root (as the walk).
    let maxDepth: Int
    private let roots: [String]
    private let descriptor: Int32
    private let stopPipe: (read: Int32, write: Int32)
    private let watches = Mutex(Watches())
    private let onChange: @Sendable (Change) -> Void
    let logger: Logger

    private static let mask = UInt32(
        IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_ONLYDIR)

    /// Opens an inotify descriptor; `start()` watches the roots and begins reading.
    init(roots: [String], maxDepth: Int = 8, logger: Logger, onChange: @escaping @Sendable (Change) -> Void) throws {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw InotifyError(operation: "inotify_init1", code: errno) }
        var fds: [Int32] = [-1, -1]
        guard mc_pipe_cloexec(&fds) == 0 else {
            let code = errno
            close(descriptor)
            throw InotifyError(operation: "pipe", code: code)
        }
        self.descriptor = descriptor
        self.stopPipe = (fds[0], fds[1])
        self.roots = roots
        self.maxDepth = maxDepth
        self.logger = logger
        self.onChange = onChange
    }

    /// Number of directories watched.
    var watchCount: Int { watches.withLock { $0.pathByWatch.count } }

    /// Watches the roots and starts the reading thread.
    func start() {
        let proceed = watches.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started && !state.stopped
        }
        guard proceed else { return }
        watchRoots()
        let thread = Thread { [self] in readLoop() }
        thread.name = "mc-inotify"
        thread.start()
    }

    /// Watches roots that exist now but were not watched yet (created after the start, or
    /// deleted and recreated); called before every full scan.
    func watchRoots() {
        for root in roots where watches.withLock({ $0.watchByPath[root] == nil }) {
            addWatches(from: root, depth: 0)
        }
    }

    /// Stops the thread; it closes the descriptors.
    func stop() {
        let (wake, closeHere) = watches.withLock { state -> (Bool, Bool) in
            defer { state.stopped = true }
            return (!state.stopped && state.started, !state.stopped && !state.started)
        }
        if wake {
            var byte: UInt8 = 1
            _ = write(stopPipe.write, &byte, 1)
        } else if closeHere {
            closeDescriptors()
        }
    }

    private func closeDescriptors() {
        close(descriptor)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// The inotify descriptor (for the reading thread).
    var descriptorForReading: Int32 { descriptor }
    /// The read end of the stop pipe (for the reading thread).
    var stopDescriptor: Int32 { stopPipe.read }

    /// Closes the descriptors when the reading thread ends.
    func closeAll() { closeDescriptors() }

    /// Passes a change on.
    func report(_ change: Change) { onChange(change) }

    /// The directory a watch stands for, with its depth below its root.
    func watchedDirectory(_ watch: Int32) -> (path: String, depth: Int)? {
        watches.withLock { $0.pathByWatch[watch] }
    }

    /// Drops a watch the kernel removed (its directory was deleted or unmounted).
    func forget(watch: Int32) {
        watches.withLock { state in
            if let old = state.pathByWatch.removeValue(forKey: watch), state.watchByPath[old.path] == watch {
                state.watchByPath.removeValue(forKey: old.path)
            }
        }
    }

    /// Stops watching a directory that moved away and everything below it: its watches would
    /// report events under the old path. If it moved to a watched place, it is watched again there.
    func forget(under path: String) {
        let removed = watches.withLock { state -> [Int32] in
            let matching = state.watchByPath.filter { $0.key == path || $0.key.hasPrefix(path + "/") }
            for (key, watch) in matching {
                state.watchByPath.removeValue(forKey: key)
                state.pathByWatch.removeValue(forKey: watch)
            }
            return Array(matching.values)
        }
        for watch in removed { inotify_rm_watch(descriptor, watch) }
    }

    /// Watches a directory that just appeared, and what is already below it.
    func addWatchesBelow(_ path: String, depth: Int) {
        addWatches(from: path, depth: depth)
    }
}

extension InotifyWatcher {
    /// Watches `directory` and the directories below it, up to `maxDepth`.
    func addWatches(from directory: String, depth: Int) {
        var stack = [(directory, depth)]
        while let (path, level) = stack.popLast() {
            guard addWatch(path, depth: level), level + 1 < maxDepth else { continue }
            for (name, isDirectory) in TranscriptLocator.entries(of: path) where isDirectory {
                stack.append((path + "/" + name, level + 1))
            }
        }
    }

    private func addWatch(_ path: String, depth: Int) -> Bool {
        let watch = inotify_add_watch(descriptor, path, Self.mask)
        guard watch >= 0 else {
            let code = errno
            let firstTime =
                code == ENOSPC
                && watches.withLock { state in
                    defer { state.limitLogged = true }
                    return !state.limitLogged
                }
            if firstTime {
                // The periodic rescan still reads the directories left unwatched.
                logger.warning(
                    "inotify watch limit reached (fs.inotify.max_user_watches); relying on the rescan",
                    metadata: ["mc.scan.watches": "\(watchCount)", "mc.path": "\(path)"])
            }
            return false
        }
        watches.withLock { state in
            if let old = state.pathByWatch[watch] { state.watchByPath.removeValue(forKey: old.path) }
            state.pathByWatch[watch] = (path, depth)
            state.watchByPath[path] = watch
        }
        return true
    }
}
