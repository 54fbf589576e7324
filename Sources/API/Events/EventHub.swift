import MCShared
import NIOConcurrencyHelpers

/// Fans committed events out to live subscribers (SSE streams, the IPC bus). Each subscriber
/// has a bounded buffer: one that falls behind is disconnected, never waited for, so a slow
/// client cannot slow writers. A disconnected browser resumes from the `events` table with
/// `Last-Event-ID`, so it misses nothing.
final class EventHub: Sendable {
    /// What a subscriber receives.
    enum Item: Sendable, Equatable {
        case event(StoredEvent)
        /// Keep-alive tick, so idle connections show they are alive through proxies.
        case heartbeat
    }

    /// A live subscription; iterate `items`, and call `cancel()` when done.
    struct Subscription: Sendable {
        let id: UInt64
        let items: AsyncStream<Item>
        fileprivate let hub: EventHub
        /// Ends the subscription.
        func cancel() { hub.remove(id) }
    }

    private struct Subscriber {
        var workspaceID: Int64?
        var continuation: AsyncStream<Item>.Continuation
    }

    private struct State {
        var nextID: UInt64 = 1
        var subscribers: [UInt64: Subscriber] = [:]
        var disconnectedSlow = 0
    }

    /// Items a subscriber may have waiting before it is disconnected.
    let bufferLimit: Int
    private let state = NIOLockedValueBox(State())
    /// Also sent every committed event (the IPC bus publishes it to workers).
    private let forward: @Sendable ([StoredEvent]) -> Void

    init(bufferLimit: Int = 1024, forward: @escaping @Sendable ([StoredEvent]) -> Void = { _ in }) {
        self.bufferLimit = bufferLimit
        self.forward = forward
    }

    /// Subscribers connected now.
    var subscriberCount: Int { state.withLockedValue { $0.subscribers.count } }
    /// Subscribers disconnected because they read too slowly.
    var slowDisconnects: Int { state.withLockedValue { $0.disconnectedSlow } }

    /// Subscribes to events of `workspaceID` (all workspaces when nil).
    func subscribe(workspaceID: Int64?) -> Subscription {
        let (stream, continuation) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingOldest(bufferLimit))
        let id = state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = Subscriber(workspaceID: workspaceID, continuation: continuation)
            return id
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return Subscription(id: id, items: stream, hub: self)
    }

    /// Delivers committed events, in order, to every subscriber allowed to see them.
    func publish(_ events: [StoredEvent]) {
        guard !events.isEmpty else { return }
        deliver { subscriber in events.filter { subscriber.workspaceID == nil || subscriber.workspaceID == $0.workspaceID }.map(Item.event) }
        forward(events)
    }

    /// Sends a keep-alive tick to every subscriber.
    func heartbeat() {
        deliver { _ in [.heartbeat] }
    }

    private func deliver(_ items: (Subscriber) -> [Item]) {
        let subscribers = state.withLockedValue { Array($0.subscribers) }
        var slow: [UInt64] = []
        for (id, subscriber) in subscribers {
            for item in items(subscriber) {
                if case .dropped = subscriber.continuation.yield(item) {
                    slow.append(id)
                    break
                }
            }
        }
        for id in slow {
            let removed = state.withLockedValue { state -> Subscriber? in
                state.disconnectedSlow += 1
                return state.subscribers.removeValue(forKey: id)
            }
            removed?.continuation.finish()
        }
    }

    fileprivate func remove(_ id: UInt64) {
        let removed = state.withLockedValue { $0.subscribers.removeValue(forKey: id) }
        removed?.continuation.finish()
    }
}
