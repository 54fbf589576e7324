import MCShared
import NIOCore
import Testing

@testable import MCIPC

/// One timer per connection enforces every request's timeout: `IPCPendingRequests` decides when
/// it is armed, and a real connection shows that a short timeout after a long one still fires on time.
@Suite struct IPCPendingRequestsTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    private func at(_ milliseconds: Int64) -> NIODeadline { start + .milliseconds(milliseconds) }

    @Test func onlyAnEarlierDeadlineArmsTheTimer() {
        var pending = IPCPendingRequests<String>()
        let first = pending.add("a", id: 1, deadline: at(100))
        #expect(first, "the first request arms")
        let later = pending.add("b", id: 2, deadline: at(200))
        #expect(!later, "a later deadline does not")
        let equal = pending.add("c", id: 3, deadline: at(100))
        #expect(!equal, "nor does an equal one")
        let earlier = pending.add("d", id: 4, deadline: at(50))
        #expect(earlier, "an earlier one does")
        #expect(pending.armedDeadline == at(50))
        #expect(pending.count == 4)
    }

    @Test func firingExpiresWhatIsDueAndReArmsForTheNext() {
        var pending = IPCPendingRequests<String>()
        _ = pending.add("a", id: 1, deadline: at(100))
        _ = pending.add("b", id: 2, deadline: at(300))
        _ = pending.add("c", id: 3, deadline: at(200))
        let answered = pending.remove(1)
        #expect(answered == "a", "answered before its deadline")
        var fired = pending.expire(timerDeadline: at(100), now: at(101))
        #expect(fired.expired.isEmpty)
        #expect(fired.nextDeadline == at(200))
        fired = pending.expire(timerDeadline: at(200), now: at(200))
        #expect(fired.expired == ["c"])
        #expect(fired.nextDeadline == at(300))
        fired = pending.expire(timerDeadline: at(300), now: at(305))
        #expect(fired.expired == ["b"])
        #expect(fired.nextDeadline == nil)
        #expect(pending.armedDeadline == nil)
        let again = pending.add("d", id: 4, deadline: at(400))
        #expect(again, "with nothing armed, the next request arms again")
    }

    /// A timer armed for a later deadline, superseded by an earlier one, fires without arming a duplicate.
    @Test func supersededTimerDoesNotArmTwice() {
        var pending = IPCPendingRequests<String>()
        _ = pending.add("long", id: 1, deadline: at(1000))
        _ = pending.add("short", id: 2, deadline: at(100))
        var fired = pending.expire(timerDeadline: at(100), now: at(100))
        #expect(fired.expired == ["short"])
        #expect(fired.nextDeadline == at(1000), "re-armed for the long request")
        fired = pending.expire(timerDeadline: at(1000), now: at(1000))
        #expect(fired.expired == ["long"])
        #expect(fired.nextDeadline == nil)
        fired = pending.expire(timerDeadline: at(1000), now: at(1001))
        #expect(fired.expired.isEmpty && fired.nextDeadline == nil, "the superseded timer finds nothing")
    }

    @Test func removeAllEmptiesAndDisarms() {
        var pending = IPCPendingRequests<String>()
        _ = pending.add("a", id: 1, deadline: at(100))
        _ = pending.add("b", id: 2, deadline: at(200))
        let all = pending.removeAll()
        #expect(Set(all) == ["a", "b"])
        #expect(pending.count == 0)
        let gone = pending.remove(1)
        #expect(gone == nil)
        let rearmed = pending.add("c", id: 3, deadline: at(300))
        #expect(rearmed)
    }

    /// The connection's one timer is armed for a 10 s request; a 150 ms request sent next must
    /// still time out after about 150 ms, and the long one must keep waiting.
    @Test func shortTimeoutAfterALongOneFiresOnTime() async throws {
        let gate = Gate()
        let handler = TestHandler(respond: { _ in
            await gate.wait()
            return "late"
        })
        try await withServer(handler: handler) { running in
            let client = try await connectClient(to: running)
            let long = Task { try await client.request("long", timeout: .seconds(10)) }
            try await Task.sleep(for: .milliseconds(20))
            let started = ContinuousClock.now
            let error = await ipcError { _ = try await client.request("short", timeout: .milliseconds(150)) }
            let elapsed = ContinuousClock.now - started
            #expect(error?.message == "no response to 'short' within 150 ms")
            #expect(elapsed >= .milliseconds(150) && elapsed < .seconds(30), "took \(elapsed)")
            gate.open()
            #expect(try await long.value == "late", "the long request was not expired with the short one")
            await closeAndWait(client)
        }
    }
}
