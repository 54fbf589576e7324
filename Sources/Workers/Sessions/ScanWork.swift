/// What the next scan must do, accumulated between scans.
struct ScanWork: Sendable, Hashable {
    /// Ask `mc-api` for the stored states first (at start and after every reconnection).
    var restore = false
    /// Walk every root (the safety rescan, `sessions.scan`, a new directory, an inotify overflow).
    var fullScan = false
    /// Files inotify reported as changed, for a scan of just those.
    var paths: Set<String> = []

    /// True when there is nothing to do.
    var isEmpty: Bool { !restore && !fullScan && paths.isEmpty }

    /// Both pieces of work together.
    mutating func merge(_ other: ScanWork) {
        restore = restore || other.restore
        fullScan = fullScan || other.fullScan
        paths.formUnion(other.paths)
    }
}

/// What one scan did, for logs and tests.
struct ScanReport: Sendable, Hashable {
    /// Files read (anything but unchanged).
    var filesRead = 0
    /// `sessions.ingest` requests answered.
    var batches = 0
    /// Records sent in answered requests.
    var records = 0
    /// Records `mc-api` stored or replaced.
    var stored = 0
    var replaced = 0
    /// Malformed and oversized lines skipped.
    var malformed = 0
    /// Files reported gone.
    var removed = 0
    /// Files skipped this time because reading failed or `mc-api` refused them; retried later.
    var failedFiles = 0
    /// True when `mc-api` was unavailable: the scan stopped, nothing was applied past the last
    /// answered request, and the work must be retried.
    var aborted = false
}
