import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// What the children print: each line goes to the supervisor's stderr (the journal under
/// systemd) prefixed with the child id, and the last `capacity` lines per child are kept for
/// `mcsup logs`.
final class ChildOutputLog: Sendable {
    /// Lines kept per child.
    let capacity: Int
    private let lines = NIOLockedValueBox<[String: RingBuffer]>([:])

    struct RingBuffer {
        var storage: [String] = []
        var next = 0
        let capacity: Int

        mutating func append(_ line: String) {
            if storage.count < capacity {
                storage.append(line)
            } else {
                storage[next] = line
            }
            next = (next + 1) % capacity
        }

        var ordered: [String] {
            storage.count < capacity ? storage : Array(storage[next...] + storage[..<next])
        }
    }

    /// Creates a log keeping `capacity` lines per child.
    init(capacity: Int = 200) {
        self.capacity = capacity
    }

    /// Records and forwards one line printed by `child`.
    func append(child: String, line: String) {
        lines.withLockedValue { buffers in
            buffers[child, default: RingBuffer(capacity: capacity)].append(line)
        }
        // One write() per line keeps lines from different children whole in the journal.
        let bytes = Array("\(child) | \(line)\n".utf8)
        bytes.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// The last `count` lines of `child`, oldest first.
    func tail(child: String, count: Int) -> [String] {
        let all = lines.withLockedValue { $0[child]?.ordered ?? [] }
        return Array(all.suffix(max(0, count)))
    }
}
