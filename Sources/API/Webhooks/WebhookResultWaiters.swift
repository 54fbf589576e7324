import MCShared
import Synchronization

/// Requests waiting for a delivery's outcome (`POST /api/webhooks/test` and `/retry` answer
/// with it, like the original, although the deliverer worker makes the request). An outcome
/// that arrives before anyone waits is kept for a while (the newest `keptOutcomes`), so a fast
/// deliverer cannot beat the request that queued the delivery.
final class WebhookResultWaiters: Sendable {
    static let keptOutcomes = 256

    private struct State {
        var waiting: [Int64: [CheckedContinuation<JSONValue?, Never>]] = [:]
        var finished: [Int64: JSONValue] = [:]
        var finishedOrder: [Int64] = []
    }

    private let state = Mutex(State())

    /// The outcome of `deliveryID`, or nil after `timeout`.
    func wait(for deliveryID: Int64, timeout: Duration) async -> JSONValue? {
        await withTaskGroup(of: JSONValue?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let ready = self.state.withLock { state -> JSONValue? in
                        if let outcome = state.finished.removeValue(forKey: deliveryID) { return outcome }
                        state.waiting[deliveryID, default: []].append(continuation)
                        return nil
                    }
                    if let ready { continuation.resume(returning: ready) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { self.expire(deliveryID) }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Hands the outcome of `deliveryID` to whoever waits for it, or keeps it for a while.
    func resolve(_ deliveryID: Int64, with outcome: JSONValue) {
        let continuations = state.withLock { state -> [CheckedContinuation<JSONValue?, Never>] in
            if let waiting = state.waiting.removeValue(forKey: deliveryID) { return waiting }
            state.finished[deliveryID] = outcome
            state.finishedOrder.append(deliveryID)
            if state.finishedOrder.count > Self.keptOutcomes {
                state.finished.removeValue(forKey: state.finishedOrder.removeFirst())
            }
            return []
        }
        for continuation in continuations { continuation.resume(returning: outcome) }
    }

    /// Ends the waits for `deliveryID` without an outcome.
    private func expire(_ deliveryID: Int64) {
        let continuations = state.withLock { $0.waiting.removeValue(forKey: deliveryID) } ?? []
        for continuation in continuations { continuation.resume(returning: nil) }
    }
}
