import NIOConcurrencyHelpers
import NIOCore

/// The bounded queue between everyone who sends on a connection and its single writer task.
///
/// Senders never wait: when the queue is full an event is dropped (and counted) and a request
/// is refused with `overloaded`, so a slow reader can never block a fast writer. Responses and
/// the hello get twice the room, because refusing them would leave the peer waiting for a
/// timeout; past that they are dropped too and the peer's timeout reports it.
final class IPCOutboundQueue: Sendable {
    /// Why a frame is sent, which decides what happens when the queue is full.
    enum FrameClass: Sendable {
        case control, request, event
    }

    /// What became of a pushed frame.
    enum PushResult: Sendable, Equatable {
        case queued, dropped, closed
    }

    private struct State {
        var frames: [ByteBuffer] = []
        var waiter: CheckedContinuation<[ByteBuffer]?, Never>?
        var closed = false
        var droppedEvents = 0
        var refusedFrames = 0
    }

    /// Frames that may wait before events are dropped.
    let limit: Int
    private let state = NIOLockedValueBox(State())

    /// Creates a queue holding up to `limit` frames (control frames up to twice that).
    init(limit: Int) {
        self.limit = limit
    }

    /// Events dropped because the queue was full.
    var droppedEvents: Int { state.withLockedValue { $0.droppedEvents } }
    /// Requests and control frames refused because the queue was full.
    var refusedFrames: Int { state.withLockedValue { $0.refusedFrames } }
    /// Frames waiting now.
    var depth: Int { state.withLockedValue { $0.frames.count } }

    /// Adds a frame unless the queue is full or closed; never waits.
    func push(_ frame: ByteBuffer, as frameClass: FrameClass) -> PushResult {
        let (result, wake): (PushResult, (CheckedContinuation<[ByteBuffer]?, Never>, [ByteBuffer])?) =
            state.withLockedValue { state in
                if state.closed { return (.closed, nil) }
                let capacity = frameClass == .control ? limit * 2 : limit
                guard state.frames.count < capacity else {
                    if frameClass == .event { state.droppedEvents += 1 } else { state.refusedFrames += 1 }
                    return (.dropped, nil)
                }
                if let waiter = state.waiter {
                    state.waiter = nil
                    return (.queued, (waiter, [frame]))
                }
                state.frames.append(frame)
                return (.queued, nil)
            }
        if let (waiter, frames) = wake { waiter.resume(returning: frames) }
        return result
    }

    /// Waits for frames and takes all that are queued, so the writer can send them with one
    /// flush. Returns nil once the queue is closed and empty.
    func next() async -> [ByteBuffer]? {
        await withCheckedContinuation { (continuation: CheckedContinuation<[ByteBuffer]?, Never>) in
            let ready: [ByteBuffer]?? = state.withLockedValue { state in
                if !state.frames.isEmpty {
                    defer { state.frames.removeAll(keepingCapacity: true) }
                    return .some(state.frames)
                }
                if state.closed { return .some(nil) }
                state.waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Stops accepting frames; the writer still gets what is queued, then nil.
    func close() {
        let waiter: CheckedContinuation<[ByteBuffer]?, Never>? = state.withLockedValue { state in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }
}
