import MCTranscripts

/// The state of every tracked transcript, by path, with a bounded number of entries.
///
/// Each entry remembers the last full walk that saw its file, so that the files a walk did not
/// find can be reported as removed. Beyond `capacity` the least recently used entry is
/// forgotten: that file is then read again from its start, which costs a re-read but never a
/// double count (the ledger's keys absorb it). The eviction scan is linear, but runs only when
/// a tree holds more files than the capacity.
struct TrackedFileStates: Sendable {
    private struct Entry: Sendable {
        var state: TranscriptFileState
        var seenInWalk: UInt64
        var lastUse: UInt64
    }

    /// The most entries held.
    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    /// Entries forgotten because of the capacity.
    private(set) var evictions = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Number of tracked files.
    var count: Int { entries.count }

    /// Replaces everything with states `mc-api` stored (at most `capacity` of them, by path order).
    mutating func restore(_ states: [String: TranscriptFileState]) {
        entries = [:]
        for (path, state) in states.sorted(by: { $0.key < $1.key }).prefix(capacity) {
            clock += 1
            entries[path] = Entry(state: state, seenInWalk: 0, lastUse: clock)
        }
    }

    /// The state of `path`, if tracked.
    func state(for path: String) -> TranscriptFileState? {
        entries[path]?.state
    }

    /// The state of `file`, marking it seen by `walk`. A stored device or inode that went
    /// through a JSON double (exact only up to 2^53) is replaced by the file's exact value
    /// when the two agree as doubles, so a large inode is not mistaken for a replacement.
    mutating func state(for file: TranscriptFile, seenInWalk walk: UInt64) -> TranscriptFileState? {
        guard var entry = entries[file.path] else { return nil }
        if entry.state.device != file.device, Double(entry.state.device) == Double(file.device) {
            entry.state.device = file.device
        }
        if entry.state.inode != file.inode, Double(entry.state.inode) == Double(file.inode) {
            entry.state.inode = file.inode
        }
        entry.seenInWalk = max(entry.seenInWalk, walk)
        entries[file.path] = entry
        return entry.state
    }

    /// Records the state of `path` after `mc-api` stored what it covers.
    mutating func set(_ state: TranscriptFileState, for path: String) {
        clock += 1
        entries[path] = Entry(state: state, seenInWalk: entries[path]?.seenInWalk ?? 0, lastUse: clock)
        while entries.count > capacity {
            guard let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key else { break }
            entries.removeValue(forKey: oldest)
            evictions += 1
        }
    }

    /// Marks a tracked `path` as seen by the walk numbered `walk` (a file first stored during it).
    mutating func markSeen(_ path: String, inWalk walk: UInt64) {
        entries[path]?.seenInWalk = walk
    }

    /// Forgets `path`.
    mutating func remove(_ path: String) {
        entries.removeValue(forKey: path)
    }

    /// Tracked paths that the walk numbered `walk` did not see, in path order.
    func paths(notSeenIn walk: UInt64) -> [String] {
        entries.filter { $0.value.seenInWalk < walk }.map(\.key).sorted()
    }
}
