/// A counting semaphore for async code: waiters are served first come, first served, and a
/// waiter whose task is cancelled leaves the queue (throwing `CancellationError`) without ever
/// holding a permit.
///
/// Used to cap concurrent password hashing, where each operation allocates about 64 MiB: with
/// no cap, a burst of logins would multiply that by the number of requests in flight.
actor AsyncSemaphore {
    private typealias Waiter = (id: UInt64, continuation: CheckedContinuation<Void, any Error>)

    /// Permits nobody holds.
    private var available: Int
    /// Tasks waiting for a permit, oldest first. An array is enough: the queue is short, and
    /// removing from the front is O(n) only in the number of waiting logins.
    private var waiters: [Waiter] = []
    private var nextWaiterID: UInt64 = 0

    /// Permits held right now.
    private(set) var inUse = 0
    /// The most permits ever held at once; lets tests prove the cap holds.
    private(set) var peakInUse = 0
    /// Tasks waiting right now.
    var waiting: Int { waiters.count }

    /// Creates a semaphore with `permits` permits (at least 1).
    init(permits: Int) {
        precondition(permits > 0, "a semaphore needs at least one permit")
        available = permits
    }

    /// Waits for a permit; the caller must `release()` it exactly once.
    ///
    /// Throws `CancellationError` if the task is cancelled before a permit is granted. A permit
    /// granted at the same moment as the cancellation is kept (the call returns normally), so a
    /// permit is never lost either way.
    func acquire() async throws {
        try Task.checkCancellation()
        // Only take a free permit when nobody is queued, or a newcomer could overtake a waiter.
        if available > 0, waiters.isEmpty {
            available -= 1
            recordGrant()
            return
        }
        let id = nextWaiterID
        nextWaiterID &+= 1
        try await withTaskCancellationHandler {
            // The body runs synchronously on this actor, so the cancellation check and the
            // enqueue are one step: a cancellation either happened before (seen here) or will
            // run `cancelWaiter` after the waiter is in the queue.
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            // The handler is synchronous and not on the actor: hop over to remove the waiter.
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Returns a permit, handing it straight to the oldest waiter if there is one.
    func release() {
        precondition(inUse > 0, "AsyncSemaphore released more often than acquired")
        if waiters.isEmpty {
            available += 1
            inUse -= 1
        } else {
            // The permit passes from holder to waiter, so `inUse` does not change.
            waiters.removeFirst().continuation.resume()
        }
    }

    /// Runs `body` while holding a permit, releasing it however `body` ends.
    nonisolated func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func recordGrant() {
        inUse += 1
        peakInUse = max(peakInUse, inUse)
    }

    private func cancelWaiter(_ id: UInt64) {
        // Not found means the permit was granted first; the acquirer then owns it.
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
