import NIOCore

/// The requests a connection has sent and still waits on, and the deadline of the one timer
/// that enforces all their timeouts.
///
/// A NIO timer per request cost two hops onto the event loop per round trip (schedule it, then
/// cancel it when the response came), each waking the loop's thread: about a sixth of the CPU
/// of a round trip. Instead one timer is armed for the earliest deadline. A response just
/// removes its entry; when the timer fires, everything past its deadline fails and the timer is
/// re-armed for the next deadline. With the usual uniform timeouts a new request's deadline is
/// never the earliest, so sending a request does not touch the event loop at all.
///
/// A pure value, generic over what is kept per request so tests need no continuations; the
/// connection keeps it under its lock and does the scheduling itself.
struct IPCPendingRequests<Request> {
    private var requests: [UInt64: (request: Request, deadline: NIODeadline)] = [:]
    /// The deadline a timer is armed for, nil when none is. Timers armed earlier for later
    /// deadlines may still be pending; when they fire they find nothing new to do.
    private(set) var armedDeadline: NIODeadline?

    /// Requests waiting.
    var count: Int { requests.count }

    /// Adds a request. Returns true when the caller must arm a timer for `deadline`: no timer is
    /// armed, or the armed one would fire too late for this request.
    mutating func add(_ request: Request, id: UInt64, deadline: NIODeadline) -> Bool {
        requests[id] = (request, deadline)
        if let armed = armedDeadline, armed <= deadline { return false }
        armedDeadline = deadline
        return true
    }

    /// Removes and returns the request `id` (answered, refused or failed), if it still waits.
    mutating func remove(_ id: UInt64) -> Request? {
        requests.removeValue(forKey: id)?.request
    }

    /// Removes and returns every request (the connection closed).
    mutating func removeAll() -> [Request] {
        defer {
            requests = [:]
            armedDeadline = nil
        }
        return requests.values.map(\.request)
    }

    /// Handles the firing at `now` of the timer armed for `timerDeadline`: removes and returns
    /// the requests whose deadline has passed, and the deadline to arm a timer for next, if any.
    mutating func expire(timerDeadline: NIODeadline, now: NIODeadline) -> (
        expired: [Request], nextDeadline: NIODeadline?
    ) {
        if armedDeadline == timerDeadline { armedDeadline = nil }
        // A scan of everything waiting: it runs once per timer firing, not per request.
        var expiredIDs: [UInt64] = []
        var earliest: NIODeadline?
        for (id, entry) in requests {
            if entry.deadline <= now {
                expiredIDs.append(id)
            } else if earliest.map({ entry.deadline < $0 }) ?? true {
                earliest = entry.deadline
            }
        }
        let expired = expiredIDs.compactMap { requests.removeValue(forKey: $0)?.request }
        guard let earliest, armedDeadline.map({ earliest < $0 }) ?? true else { return (expired, nil) }
        armedDeadline = earliest
        return (expired, earliest)
    }
}

extension IPCPendingRequests: Sendable where Request: Sendable {}
