import MCShared
import Testing

@testable import MCIPC

/// Topic subscriptions, event delivery, and what a slow reader costs (events, never the writer).
@Suite struct IPCEventTests {
    @Test func publishReachesOnlySubscribers() async throws {
        try await withServer { running in
            let subscriber = TestHandler()
            let bystander = TestHandler()
            let a = try await connectClient(to: running, handler: subscriber)
            let b = try await connectClient(to: running, handler: bystander)
            #expect(try await a.request("bus.subscribe", ["topics": ["webhooks.due", "jobs"]]) == ["topics": ["jobs", "webhooks.due"]])
            _ = try await b.request("bus.subscribe", ["topics": ["other"]])
            let serverSideA = try #require(running.server.connections.first { $0.subscribedTopics.contains("jobs") })
            #expect(serverSideA.subscribedTopics == ["jobs", "webhooks.due"])

            #expect(running.server.publish("webhooks.due", ["id": 1]) == (delivered: 1, dropped: 0))
            #expect(running.server.publish("other", ["id": 2]) == (delivered: 1, dropped: 0))
            #expect(running.server.publish("nobody.listens") == (delivered: 0, dropped: 0))

            #expect(await eventually { subscriber.events.count == 1 && bystander.events.count == 1 })
            #expect(subscriber.events.all == [IPCEvent(topic: "webhooks.due", body: ["id": 1])])
            // Events on one connection keep their order, so `b` never saw the first publish.
            #expect(bystander.events.all == [IPCEvent(topic: "other", body: ["id": 2])])
            await closeAndWait(a)
            await closeAndWait(b)
        }
    }

    @Test func unsubscribeStopsDelivery() async throws {
        try await withServer { running in
            let handler = TestHandler()
            let client = try await connectClient(to: running, handler: handler)
            _ = try await client.request("bus.subscribe", ["topics": ["a", "b"]])
            #expect(try await client.request("bus.unsubscribe", ["topics": ["a"]]) == ["topics": ["b"]])
            running.server.publish("a", "dropped")
            running.server.publish("b", "kept")
            #expect(await eventually { handler.events.count == 1 })
            #expect(handler.events.all.map(\.topic) == ["b"])
            await closeAndWait(client)
        }
    }

    @Test func subscribeNeedsTopics() async throws {
        try await withServer { running in
            let client = try await connectClient(to: running)
            let error = await ipcError { _ = try await client.request("bus.subscribe", ["topics": []]) }
            #expect(error?.code == .badRequest)
            #expect(error?.message == #"bus.subscribe needs {"topics": ["name", ...]}"#)
            await closeAndWait(client)
        }
    }

    @Test func clientEventsReachTheServerHandler() async throws {
        let serverHandler = TestHandler()
        try await withServer(handler: serverHandler) { running in
            let client = try await connectClient(to: running)
            #expect(client.send(event: "child.heartbeat", ["n": 1]))
            #expect(await eventually { serverHandler.events.count == 1 })
            #expect(serverHandler.events.all.first == IPCEvent(topic: "child.heartbeat", body: ["n": 1]))
            await closeAndWait(client)
        }
    }

    /// A client whose event handler is stuck stops reading; the server's bounded queue then drops
    /// events instead of blocking `publish`, and the client recovers once it reads again.
    @Test func slowReaderLosesEventsButNeverBlocksTheWriter() async throws {
        let gate = Gate()
        let handler = TestHandler(beforeEvent: { _ in await gate.wait() })
        let serverHandler = TestHandler(respond: { _ in "pong" })
        let limit = 32
        try await withServer(handler: serverHandler, options: IPCOptions(outboundQueueLimit: limit)) { running in
            let client = try await connectClient(to: running, handler: handler)
            _ = try await client.request("bus.subscribe", ["topics": ["big"]])
            let serverSide = try #require(running.server.connections.first)

            // 600 frames of 32 KiB are far more than the client's inbound buffer (256 frames), both
            // socket buffers and the queue hold, so drops are the slow reader's doing, not timing.
            let body = JSONValue.string(String(repeating: "x", count: 32 * 1024))
            let start = ContinuousClock.now
            var published = 0
            var slowest = Duration.zero
            while published < 600 || serverSide.droppedEvents < 50, ContinuousClock.now - start < .seconds(20) {
                let before = ContinuousClock.now
                running.server.publish("big", body)
                slowest = max(slowest, ContinuousClock.now - before)
                published += 1
                if published % 4 == 0 { try? await Task.sleep(for: .milliseconds(1)) }
            }
            #expect(serverSide.droppedEvents >= 50, "published \(published) without enough drops")
            #expect(slowest < .milliseconds(500), "a publish took \(slowest)")
            // Once the writer is stuck behind the full socket, the queue stays full and refuses more.
            #expect(await eventually { serverSide.queueDepth == limit })
            #expect(running.server.publish("big", body) == (delivered: 0, dropped: 1))
            published += 1

            gate.open()
            #expect(try await client.request("ping", timeout: .seconds(15)) == "pong")
            let received = handler.events.count
            #expect(received > 0 && received < published)
            #expect(received + serverSide.droppedEvents == published)
            await closeAndWait(client)
        }
    }
}
