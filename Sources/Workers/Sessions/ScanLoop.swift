import Logging
import MCShared

/// Runs the scanner whenever it is asked to: inotify changes (after collecting a burst for
/// `coalesceDelay`), `sessions.scan`, reconnections, and a full rescan every
/// `rescanInterval`. A scan that finds `mc-api` unavailable is put back and retried with
/// backoff; nothing it could not store was applied.
struct ScanLoop: Sendable {
    let scanner: SessionScanner
    let signal: ScanSignal
    let configuration: ScannerConfiguration
    /// Asked to watch roots that appeared, before each full scan; nil without inotify.
    let watcher: InotifyWatcher?
    let logger: Logger

    /// Runs until cancelled (or until `signal` is finished).
    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await rescanTimer() }
            group.addTask { try await scans() }
            try await group.next()
            group.cancelAll()
        }
    }

    private func rescanTimer() async throws {
        while true {
            try await Task.sleep(for: configuration.rescanInterval)
            signal.requestFullScan()
        }
    }

    private func scans() async throws {
        var failures = 0
        for await _ in signal.wakeups {
            try await Task.sleep(for: configuration.coalesceDelay)
            let work = signal.take()
            if work.isEmpty { continue }
            if work.fullScan { watcher?.watchRoots() }
            let report = await scanner.perform(work)
            guard report.aborted else {
                failures = 0
                log(report, of: work)
                continue
            }
            try Task.checkCancellation()
            signal.requeue(work)
            failures += 1
            if failures == 1 || failures % 20 == 0 {
                logger.notice(
                    "mc-api unavailable; transcript scan will be retried",
                    metadata: ["mc.scan.attempts": "\(failures)", "mc.scan.batches": "\(report.batches)"])
            }
            try await Task.sleep(for: configuration.retryBackoff.delay(attempt: failures, random: .random(in: 0..<1)))
        }
    }

    private func log(_ report: ScanReport, of work: ScanWork) {
        let metadata: Logger.Metadata = [
            "mc.scan.full": "\(work.fullScan)", "mc.scan.files_read": "\(report.filesRead)",
            "mc.scan.records": "\(report.records)", "mc.scan.stored": "\(report.stored)",
            "mc.scan.replaced": "\(report.replaced)", "mc.scan.malformed": "\(report.malformed)",
            "mc.scan.removed": "\(report.removed)", "mc.scan.failed_files": "\(report.failedFiles)",
        ]
        if report.records > 0 || report.removed > 0 || report.failedFiles > 0 {
            logger.info("transcripts scanned", metadata: metadata)
        } else {
            logger.debug("transcripts scanned", metadata: metadata)
        }
    }
}

extension ScanSignal {
    /// Turns a watcher's change into scan work: a file is read on its own, anything else
    /// (a directory appeared or went away, dropped events) asks for a full walk.
    func receive(_ change: InotifyWatcher.Change) {
        switch change {
        case .file(let path): fileChanged(path)
        case .directory, .overflow: requestFullScan()
        }
    }
}
