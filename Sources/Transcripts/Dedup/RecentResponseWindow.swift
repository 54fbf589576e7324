/// The responses recently seen in one session, bounded by a two-generation cache: lookups
/// check both generations, a hit in the older one is promoted, and when the current generation
/// holds `capacity` ids it becomes the older one (dropping the previous older one). So at most
/// `2 × capacity` ids are held, and any id seen within the last `capacity` distinct ids is
/// always remembered: an approximate LRU with O(1) work per line and no per-entry links.
struct RecentResponseWindow: Sendable, Hashable {
    /// The surviving copy of one response group, under the key the ledger knows it by.
    struct Survivor: Sendable, Hashable {
        var key: UsageKey
        var line: TranscriptLine
    }

    private var current: [String: [Survivor]] = [:]
    private var previous: [String: [Survivor]] = [:]
    private let capacity: Int
    /// The de-duplicator's clock value when this session was last used (for evicting sessions).
    var lastUse: UInt64

    init(capacity: Int, now: UInt64) {
        self.capacity = max(1, capacity)
        self.lastUse = now
    }

    /// Number of ids currently held (both generations).
    var count: Int { current.count + previous.count }

    /// The copies remembered under `id`, promoting them to the current generation.
    mutating func survivors(for id: String) -> [Survivor] {
        if let found = current[id] { return found }
        guard let found = previous.removeValue(forKey: id) else { return [] }
        store(found, for: id)
        return found
    }

    /// Remembers `survivors` under `id` (already promoted by `survivors(for:)`, or new).
    mutating func store(_ survivors: [Survivor], for id: String) {
        if current[id] == nil, current.count >= capacity {
            previous = current
            current = [:]
        }
        current[id] = survivors
    }
}
