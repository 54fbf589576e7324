import MCShared
import MCTranscripts

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

    /// The encoded size of a record, as it will travel.
    static func encodedSize(of record: UsageRecord) -> Int {
        record.ingestJSON(fallbackSessionID: "").jsonBytes.count
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
