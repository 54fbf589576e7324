/// A binary min-heap of (window end, key) pairs: the rate limiter's index for sweeping expired
/// windows and for finding the entry with the earliest reset when it must evict one.
///
/// Push and pop are O(log n), peek O(1). Why a heap and not a FIFO queue: every window of one
/// limiter has the same length, so windows usually end in the order they start, but the callers'
/// `now` readings can arrive slightly out of order (several threads read the clock, then queue on
/// the lock), and a heap stays correct under any order.
struct RateLimitExpiryHeap: Sendable {
    /// One window's end and the key it belongs to.
    struct Entry: Sendable {
        var resetAt: ContinuousClock.Instant
        var key: String
    }

    private var entries: [Entry] = []

    /// The number of entries.
    var count: Int { entries.count }

    /// The entry with the earliest `resetAt`, if any.
    var min: Entry? { entries.first }

    /// Adds an entry.
    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].resetAt < entries[parent].resetAt else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the entry with the earliest `resetAt`.
    @discardableResult
    mutating func popMin() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let minimum = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].resetAt < entries[smallest].resetAt { smallest = left }
            if right < entries.count, entries[right].resetAt < entries[smallest].resetAt { smallest = right }
            guard smallest != parent else { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return minimum
    }
}
