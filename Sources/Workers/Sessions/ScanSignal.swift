import Synchronization

/// Collects requests for scans from every source (inotify's thread, bus events, the rescan
/// timer, reconnections) and wakes the scan loop. Requests made while a scan runs are kept for
/// the next one, and any number of them wake the loop once.
final class ScanSignal: Sendable {
    private let pending: Mutex<ScanWork>
    private let continuation: AsyncStream<Void>.Continuation
    /// One element per wake-up; at most one is buffered.
    let wakeups: AsyncStream<Void>
    /// Changed paths remembered; beyond it the list is dropped for a full rescan, which finds
    /// the same changes without holding them.
    let maxPendingPaths: Int

    init(maxPendingPaths: Int = 10_000) {
        self.maxPendingPaths = max(1, maxPendingPaths)
        self.pending = Mutex(ScanWork())
        let (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wakeups = wakeups
        self.continuation = continuation
    }

    /// A transcript (or something in a watched directory) changed.
    func fileChanged(_ path: String) {
        let limit = maxPendingPaths
        pending.withLock { work in
            guard !work.fullScan else { return }
            if work.paths.count >= limit {
                work.paths = []
                work.fullScan = true
            } else {
                work.paths.insert(path)
            }
        }
        continuation.yield()
    }

    /// Walk everything at the next scan.
    func requestFullScan() {
        pending.withLock { work in
            work.fullScan = true
            work.paths = []
        }
        continuation.yield()
    }

    /// Fetch the stored states, then walk everything (after a reconnection to `mc-api`).
    func requestRestore() {
        pending.withLock { work in
            work.restore = true
            work.fullScan = true
            work.paths = []
        }
        continuation.yield()
    }

    /// Puts back work a scan could not finish, for the next attempt.
    func requeue(_ work: ScanWork) {
        pending.withLock { current in
            current.merge(work)
            if current.fullScan { current.paths = [] }
        }
        continuation.yield()
    }

    /// Takes everything pending, leaving nothing.
    func take() -> ScanWork {
        pending.withLock { work in
            defer { work = ScanWork() }
            return work
        }
    }

    /// Ends `wakeups` (tests; the job ends by cancellation).
    func finish() {
        continuation.finish()
    }
}
