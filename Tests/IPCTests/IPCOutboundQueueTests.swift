import NIOCore
import Testing

@testable import MCIPC

/// The bounded per-connection queue: what is dropped or refused when full, and that no sender waits.
@Suite struct IPCOutboundQueueTests {
    private func frame(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    private func texts(_ frames: [ByteBuffer]?) -> [String]? { frames?.map { String(buffer: $0) } }

    @Test func fullQueueDropsEventsAndRefusesRequests() {
        let queue = IPCOutboundQueue(limit: 2)
        #expect(queue.push(frame("e1"), as: .event) == .queued)
        #expect(queue.push(frame("r1"), as: .request) == .queued)
        #expect(queue.depth == 2)

        #expect(queue.push(frame("e2"), as: .event) == .dropped)
        #expect(queue.push(frame("e3"), as: .event) == .dropped)
        #expect(queue.droppedEvents == 2)
        #expect(queue.push(frame("r2"), as: .request) == .dropped)
        #expect(queue.refusedFrames == 1)
        #expect(queue.droppedEvents == 2, "a refused request is not a dropped event")
    }

    @Test func controlFramesGetTwiceTheRoom() {
        let queue = IPCOutboundQueue(limit: 2)
        for index in 0..<2 { #expect(queue.push(frame("e\(index)"), as: .event) == .queued) }
        #expect(queue.push(frame("c1"), as: .control) == .queued)
        #expect(queue.push(frame("c2"), as: .control) == .queued)
        #expect(queue.depth == 4)
        #expect(queue.push(frame("c3"), as: .control) == .dropped)
        #expect(queue.refusedFrames == 1)
        #expect(queue.push(frame("e9"), as: .event) == .dropped)
    }

    @Test func nextTakesEverythingInOrder() async {
        let queue = IPCOutboundQueue(limit: 10)
        for name in ["hello", "r1", "e1", "res1"] {
            _ = queue.push(frame(name), as: name == "e1" ? .event : .control)
        }
        #expect(texts(await queue.next()) == ["hello", "r1", "e1", "res1"])
        #expect(queue.depth == 0)
        #expect(queue.push(frame("later"), as: .event) == .queued)
        #expect(texts(await queue.next()) == ["later"])
    }

    @Test func drainingMakesRoomAgain() async {
        let queue = IPCOutboundQueue(limit: 1)
        #expect(queue.push(frame("a"), as: .event) == .queued)
        #expect(queue.push(frame("b"), as: .event) == .dropped)
        _ = await queue.next()
        #expect(queue.push(frame("c"), as: .event) == .queued)
    }

    @Test func waitingWriterIsWokenByAPush() async {
        let queue = IPCOutboundQueue(limit: 4)
        let writer = Task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(20))
        #expect(queue.push(frame("wake"), as: .event) == .queued)
        #expect(texts(await writer.value) == ["wake"])
    }

    @Test func closeDeliversTheRemainderThenNil() async {
        let queue = IPCOutboundQueue(limit: 4)
        _ = queue.push(frame("x"), as: .event)
        _ = queue.push(frame("y"), as: .control)
        queue.close()
        #expect(queue.push(frame("z"), as: .event) == .closed)
        #expect(queue.push(frame("z"), as: .control) == .closed)
        #expect(queue.droppedEvents == 0, "frames refused after close are not counted as drops")
        #expect(texts(await queue.next()) == ["x", "y"])
        #expect(await queue.next() == nil)
        #expect(await queue.next() == nil)
    }

    @Test func closeWakesAWaitingWriter() async {
        let queue = IPCOutboundQueue(limit: 4)
        let writer = Task { await queue.next() }
        try? await Task.sleep(for: .milliseconds(20))
        queue.close()
        #expect(await writer.value == nil)
    }

    /// 32 tasks push 500 events each into a queue nobody drains: all return (a blocked pusher
    /// would hang the test into its time limit), nothing is lost uncounted.
    @Test(.timeLimit(.minutes(1))) func concurrentPushersNeverBlock() async {
        let queue = IPCOutboundQueue(limit: 100)
        let queued = await withTaskGroup(of: Int.self) { group in
            for pusher in 0..<32 {
                group.addTask {
                    var queued = 0
                    for index in 0..<500 where queue.push(ByteBuffer(string: "\(pusher)-\(index)"), as: .event) == .queued {
                        queued += 1
                    }
                    return queued
                }
            }
            return await group.reduce(0, +)
        }
        #expect(queued == 100)
        #expect(queue.depth == 100)
        #expect(queue.droppedEvents == 32 * 500 - 100)
    }

    /// Pushers race a draining writer: every frame is either delivered, in each pusher's order, or counted.
    @Test func concurrentPushersWithAWriter() async {
        let queue = IPCOutboundQueue(limit: 16)
        let writer = Task { () -> [String] in
            var received: [String] = []
            while let frames = await queue.next() { received += frames.map { String(buffer: $0) } }
            return received
        }
        await withTaskGroup(of: Void.self) { group in
            for pusher in 0..<8 {
                group.addTask {
                    for index in 0..<1000 { _ = queue.push(ByteBuffer(string: "\(pusher)-\(index)"), as: .event) }
                }
            }
        }
        queue.close()
        let received = await writer.value
        #expect(received.count + queue.droppedEvents == 8000)
        for pusher in 0..<8 {
            let indices = received.filter { $0.hasPrefix("\(pusher)-") }.compactMap { Int($0.split(separator: "-")[1]) }
            #expect(indices == indices.sorted(), "pusher \(pusher)'s frames were reordered")
        }
    }
}
