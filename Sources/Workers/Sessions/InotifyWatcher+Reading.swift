import Logging

#if canImport(Glibc)
    import Glibc
#endif

extension InotifyWatcher {
    /// The thread's body: waits for events or the stop byte, then closes the descriptors.
    func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [
            pollfd(fd: descriptorForReading, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stopDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        loop: while true {
            fds[0].revents = 0
            fds[1].revents = 0
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                logger.error("inotify poll failed; relying on the periodic rescan", metadata: ["mc.error": "\(errno)"])
                break
            }
            if fds[1].revents != 0 { break }
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptorForReading, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN { break }
                    logger.error(
                        "inotify read failed; relying on the periodic rescan", metadata: ["mc.error": "\(errno)"])
                    break loop
                }
                if count == 0 { break }
                let events = buffer.withUnsafeBytes {
                    InotifyEvent.parse(UnsafeRawBufferPointer(rebasing: $0[..<count]))
                }
                for event in events { handle(event) }
            }
        }
        closeAll()
    }

    /// Turns one event into watches added or dropped and a change reported.
    func handle(_ event: InotifyEvent) {
        if event.has(IN_Q_OVERFLOW) {
            report(.overflow)
            return
        }
        if event.has(IN_IGNORED) {
            forget(watch: event.watch)
            return
        }
        guard !event.name.isEmpty, let directory = watchedDirectory(event.watch) else { return }
        let path = directory.path + "/" + event.name
        if event.has(IN_ISDIR) {
            guard !event.name.hasPrefix(".") else { return }
            if event.has(IN_CREATE | IN_MOVED_TO), directory.depth + 1 < maxDepth {
                addWatchesBelow(path, depth: directory.depth + 1)
            } else if event.has(IN_MOVED_FROM) {
                forget(under: path)
            }
            // Files may have been written before the watch existed: walk everything.
            report(.directory(path))
        } else if event.name.hasSuffix(".jsonl"), !event.name.hasPrefix(".") {
            report(.file(path))
        }
    }
}

/// inotify could not be set up; the scanner then relies on its periodic rescan.
struct InotifyError: Error, CustomStringConvertible {
    var operation: String
    var code: Int32
    var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
}
