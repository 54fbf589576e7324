import MCShared
import MCTranscripts

extension UsageRecord {
    /// The same record without flags (for measuring the fixed part of its encoding).
    fileprivate var withoutFlags: UsageRecord {
        var record = self
        record.flags = []
        return record
    }
}

/// Collects the records of one file into requests of bounded size.
///
/// The scanner asks `wouldOverflow` before feeding a line to the de-duplicator, so a batch
/// always ends at a line boundary and the state sent with it covers exactly its lines. A
/// better copy of a response still in the batch replaces it in place: streamed copies are
/// written a few lines apart, so most are merged before they cross the bus.
struct IngestBatchBuilder: Sendable {
    let limits: IngestBatchLimits
    /// The records so far, in file order.
    private(set) var records: [UsageRecord] = []
    /// Their encoded size in bytes.
    private(set) var bytes = 0
    private var sizes: [Int] = []
    private var indexByKey: [UsageKey: Int] = [:]

    init(limits: IngestBatchLimits) {
        self.limits = limits
    }

    /// The exact encoded size of a record, as it will travel.
    static func encodedSize(of record: UsageRecord, fallbackSessionID: String = "") -> Int {
        record.ingestJSON(fallbackSessionID: fallbackSessionID).jsonBytes.count
    }

    /// An upper bound of `encodedSize` computed without encoding (the scanner sizes every usage
    /// line, so this is on the hot path): the fixed keys and punctuation of an empty record,
    /// 24 characters per number (the longest a double prints as), each string byte at its
    /// longest escape, and each flag name with its quotes and comma.
    static func estimatedSize(of record: UsageRecord, fallbackSessionID: String) -> Int {
        let line = record.line
        var size = emptyRecordSize + 24 * 6  // timestamp_ms and the five token counts
        size += bound(line.sessionID ?? fallbackSessionID)
        for text in [
            record.key.storageKey, line.messageID, line.requestID, line.model, line.cwd, line.gitBranch, line.speed,
        ] {
            if let text { size += bound(text) + 2 }
        }
        return size + record.flags.names.reduce(0) { $0 + $1.utf8.count + 3 }
    }

    /// The encoded size of a record whose optional fields are all null, its counts zero and
    /// its session id empty.
    private static let emptyRecordSize = encodedSize(
        of: UsageRecord(key: .unkeyed, line: TranscriptLine(), usage: TokenUsage()).withoutFlags)

    /// The longest a string's bytes can be once escaped: `\uXXXX` for control characters,
    /// two bytes for a quote or backslash (counted as six), and at most three per byte of a
    /// non-ASCII character written as `\uXXXX` (or a surrogate pair).
    private static func bound(_ text: String) -> Int {
        text.utf8.reduce(0) { total, byte in
            total + (byte < 0x20 || byte == 0x22 || byte == 0x5C ? 6 : byte >= 0x80 ? 3 : 1)
        }
    }

    /// True when one more record of `size` bytes would break a limit: flush first. An empty
    /// batch never overflows, so a record larger than `maxBytes` travels alone.
    func wouldOverflow(adding size: Int) -> Bool {
        !records.isEmpty && (records.count + 1 > limits.maxRecords || bytes + size > limits.maxBytes)
    }

    /// Adds the de-duplicator's answer: a new record, or a better copy of one (replaced in
    /// place when the copy it beats is still in this batch).
    mutating func add(_ change: UsageChange, size: Int) {
        if case .improved(let record, let replacing) = change, replacing != .unkeyed,
            let index = indexByKey.removeValue(forKey: replacing)
        {
            bytes += size - sizes[index]
            records[index] = record
            sizes[index] = size
            if record.key != .unkeyed { indexByKey[record.key] = index }
            return
        }
        let record = change.record
        if record.key != .unkeyed { indexByKey[record.key] = records.count }
        records.append(record)
        sizes.append(size)
        bytes += size
    }

    /// The records collected, leaving the builder empty.
    mutating func take() -> [UsageRecord] {
        defer {
            records = []
            sizes = []
            indexByKey = [:]
            bytes = 0
        }
        return records
    }
}
