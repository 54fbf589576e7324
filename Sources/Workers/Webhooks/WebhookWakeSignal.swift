import Synchronization

/// A level-triggered wake-up for the deliverer loop: `wake()` from any task either resumes the
/// waiter or, when none waits, is remembered for the next `wait`. Many wakes while the loop
/// is busy collapse into one, which is what coalesces a burst of `webhooks.due` events and
/// finished deliveries into a single lease request.
final class WebhookWakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    init() {}

    /// Wakes the waiter now, or the next `wait`.
    func wake() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns after a `wake()` (possibly one made before the call) or on cancellation.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            wake()
        }
    }

    /// Like `wait()`, but returns after `limit` at the latest.
    func wait(atMost limit: Duration) async {
        let timer = Task { [self] in
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            wake()
        }
        await wait()
        timer.cancel()
    }
}
