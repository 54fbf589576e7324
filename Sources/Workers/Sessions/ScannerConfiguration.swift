import MCShared
import MCTranscripts

/// The scanner's settings: where transcripts live, how often the safety rescan runs, and the
/// bounds that keep its memory and its requests to `mc-api` small whatever the tree size.
struct ScannerConfiguration: Sendable {
    /// The `projects` directories (`TranscriptRoots.resolve`).
    var roots: [String]
    /// The safety rescan period (`MC_CLAUDE_SCAN_INTERVAL`): catches anything inotify missed.
    var rescanInterval: Duration = .seconds(60)
    /// How long a burst of inotify events is collected before scanning: Claude Code writes one
    /// response as several lines in quick succession.
    var coalesceDelay: Duration = .milliseconds(200)
    /// The size of one `sessions.ingest` request.
    var batchLimits = IngestBatchLimits()
    /// The incremental reader (1 MiB chunks).
    var tail = TranscriptTail()
    /// The most files whose state is kept in memory; beyond it the least recently used state is
    /// forgotten (that file is then read again from its start, and the ledger's keys absorb it).
    var maxTrackedFiles = 100_000
    /// The de-duplicator's window (sessions × responses).
    var dedupWindow = UsageDeduplicator.Window()
    /// Waits between attempts while `mc-api` is unavailable.
    var retryBackoff = ExponentialBackoff(base: .milliseconds(250), cap: .seconds(30), jitter: 0.5)
    /// Changed paths remembered between scans; past it a full rescan replaces the list.
    var maxPendingPaths = 10_000

    /// The range of `MC_CLAUDE_SCAN_INTERVAL`, in seconds.
    static let rescanIntervalRange: ClosedRange<Double> = 5...3600

    /// A configuration with the given roots and defaults for everything else.
    init(roots: [String]) {
        self.roots = roots
    }

    /// Reads `MC_CLAUDE_HOME`, `CLAUDE_CONFIG_DIR` and `MC_CLAUDE_SCAN_INTERVAL` (5…3600 s,
    /// default 60). `homeDirectory` is `$HOME` unless given.
    init(environment: EnvironmentReader, homeDirectory: String? = nil) throws(ConfigurationError) {
        let home = homeDirectory ?? environment.string("HOME") ?? "/"
        self.init(roots: TranscriptRoots.resolve(environment: environment.values, homeDirectory: home))
        rescanInterval = try environment.seconds(
            "MC_CLAUDE_SCAN_INTERVAL", default: .seconds(60), in: Self.rescanIntervalRange)
    }
}

/// How much one `sessions.ingest` request may carry. IPC frames are limited to 4 MiB by
/// default; 1 MiB of records leaves room for the envelope and keeps each transaction short.
struct IngestBatchLimits: Sendable, Hashable {
    /// Records per request.
    var maxRecords: Int
    /// Encoded bytes of the records per request (a single larger record still goes alone).
    var maxBytes: Int

    /// Limits; the defaults are 500 records and 1 MiB.
    init(maxRecords: Int = 500, maxBytes: Int = 1 << 20) {
        self.maxRecords = max(1, maxRecords)
        self.maxBytes = max(1, maxBytes)
    }
}
