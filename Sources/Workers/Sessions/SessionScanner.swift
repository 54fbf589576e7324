import Foundation
import Logging
import MCIPC
import MCTranscripts

/// The incremental scanner: reads what was appended to each transcript and sends it to the
/// sink, advancing a file's state only once the sink has stored the lines it covers.
///
/// It only reads transcripts. Memory is bounded by the tracked-state capacity, the
/// de-duplicator's window and one read chunk, whatever the tree size. Scans run one at a time
/// (`ScanLoop` calls `perform` in sequence); a scan stops as soon as the sink is unavailable,
/// keeping every state it has not had stored, and is retried later.
actor SessionScanner {
    let configuration: ScannerConfiguration
    let sink: any SessionIngestSink
    let logger: Logger
    /// Milliseconds since the epoch: the timestamp of a usage line that has none of its own
    /// and follows no line that has one.
    let now: @Sendable () -> Int64
    var states: TrackedFileStates
    /// The de-duplicator as of the last stored batch; a refused batch rolls back to it, so the
    /// lines it carried are de-duplicated the same way when they are read again.
    var deduplicator: UsageDeduplicator
    /// True once the stored states were fetched since the last (re)connection.
    private(set) var restored = false
    private var walkNumber: UInt64 = 0

    init(
        configuration: ScannerConfiguration, sink: any SessionIngestSink, logger: Logger,
        now: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
    ) {
        self.configuration = configuration
        self.sink = sink
        self.logger = logger
        self.now = now
        self.states = TrackedFileStates(capacity: configuration.maxTrackedFiles)
        self.deduplicator = UsageDeduplicator(window: configuration.dedupWindow)
    }

    /// The state of a tracked file (tests and logs).
    func state(for path: String) -> TranscriptFileState? { states.state(for: path) }

    /// Number of tracked files.
    var trackedFiles: Int { states.count }

    /// Does `work`: fetches the stored states first when asked or never done, then walks every
    /// root or reads just the changed paths.
    func perform(_ work: ScanWork) async -> ScanReport {
        var report = ScanReport()
        if work.restore || !restored {
            do {
                try await restore()
            } catch {
                logger.notice("cannot fetch stored transcript states", metadata: ["mc.error": "\(error)"])
                report.aborted = true
                return report
            }
        }
        if work.fullScan {
            await scanAll(into: &report)
        } else {
            await scan(paths: work.paths.sorted(), into: &report)
        }
        return report
    }

    /// Replaces the in-memory states with the ones `mc-api` stored. The de-duplicator starts
    /// afresh: lines it saw may not be stored (mc-api may have lost a transaction), and it must
    /// not hide them when they are read again.
    func restore() async throws {
        let stored = try await sink.storedStates()
        states.restore(stored)
        deduplicator = UsageDeduplicator(window: configuration.dedupWindow)
        restored = true
        logger.info("transcript states restored", metadata: ["mc.scan.tracked": "\(states.count)"])
    }

    /// Walks every root: reads new and changed files, skips unchanged ones without opening
    /// them, and reports tracked files the walk did not find as removed.
    func scanAll(into report: inout ScanReport) async {
        walkNumber += 1
        let walk = walkNumber
        var files = TranscriptTreeWalk(roots: configuration.roots)
        while let file = files.next() {
            if Task.isCancelled {
                report.aborted = true
                return
            }
            let known = states.state(for: file, seenInWalk: walk)
            if file.isUnchanged(since: known) { continue }
            guard await read(file, from: known, into: &report) else { return }
            states.markSeen(file.path, inWalk: walk)
        }
        for path in states.paths(notSeenIn: walk) {
            guard await removeTracked(path, into: &report) else { return }
        }
    }

    /// Reads the given paths (from inotify): changed transcripts are read, tracked ones that
    /// are gone are reported removed, anything else is ignored.
    func scan(paths: [String], into report: inout ScanReport) async {
        for path in paths {
            if let file = TranscriptFile.at(path: path, roots: configuration.roots) {
                let known = states.state(for: file, seenInWalk: 0)
                if file.isUnchanged(since: known) { continue }
                guard await read(file, from: known, into: &report) else { return }
            } else if states.state(for: path) != nil {
                guard await removeTracked(path, into: &report) else { return }
            }
        }
    }

    /// Tells the sink a tracked file is gone, then forgets it. False when the sink is
    /// unavailable (the scan stops; the file stays tracked and is reported again later).
    func removeTracked(_ path: String, into report: inout ScanReport) async -> Bool {
        do {
            try await sink.fileRemoved(path: path)
        } catch {
            return handleSinkError(error, path: path, into: &report)
        }
        states.remove(path)
        report.removed += 1
        logger.debug("transcript removed", metadata: ["mc.path": "\(path)"])
        return true
    }

    /// Counts a failed sink call. Unavailability stops the scan (false); a refusal skips the
    /// file for this scan (true), so one file `mc-api` rejects never blocks the others.
    func handleSinkError(_ error: any Error, path: String, into report: inout ScanReport) -> Bool {
        if Self.isUnavailability(error) {
            report.aborted = true
            return false
        }
        report.failedFiles += 1
        logger.warning("mc-api refused a transcript update", metadata: ["mc.path": "\(path)", "mc.error": "\(error)"])
        return true
    }

    /// Errors that say `mc-api` cannot answer now (rather than that it refused this request):
    /// not connected, timed out, overloaded, broken connection, or a build without the method.
    static func isUnavailability(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        guard let error = error as? IPCError else { return false }
        return [.unavailable, .timeout, .overloaded, .protocol, .unknownMethod].contains(error.code)
    }
}
