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

    /// Publishes `count` events of `body` with a short pause between them, so that a reader that
    /// keeps up never lets the queue fill. Returns the slowest single `publish` call.
    private func pacedPublish(
        _ server: IPCServer, _ body: JSONValue, count: Int, until stop: () -> Bool = { false }
    ) async -> (published: Int, slowest: Duration) {
        var slowest = Duration.zero
        for index in 0..<count {
            if stop() { return (index, slowest) }
            let before = ContinuousClock.now
            server.publish("big", body)
            slowest = max(slowest, ContinuousClock.now - before)
            try? await Task.sleep(for: .microseconds(500))
        }
        return (count, slowest)
    }

    /// The control for the next test: the same paced stream to a reader that keeps up loses nothing.
    @Test func pacedPublishingToAHealthyReaderDropsNothing() async throws {
        let handler = TestHandler()
        try await withServer(options: IPCOptions(outboundQueueLimit: 32)) { running in
            let client = try await connectClient(to: running, handler: handler)
            _ = try await client.request("bus.subscribe", ["topics": ["big"]])
            let serverSide = try #require(running.server.connections.first)
            let body = JSONValue.string(String(repeating: "x", count: 32 * 1024))
            _ = await pacedPublish(running.server, body, count: 200)
            #expect(await eventually { handler.events.count == 200 })
            #expect(serverSide.droppedEvents == 0)
            await closeAndWait(client)
        }
    }

    /// A client whose event handler is stuck stops reading; the server's bounded queue then drops
    /// events instead of blocking `publish`, and the client recovers once it reads again.
    @Test func slowReaderLosesEventsButNeverBlocksTheWriter() async throws {
        let gate = Gate()
        let handler = TestHandler(beforeEvent: { _ in await gate.wait() })
        let serverHandler = TestHandler(respond: { _ in "pong" })
        try await withServer(handler: serverHandler, options: IPCOptions(outboundQueueLimit: 32)) { running in
            let client = try await connectClient(to: running, handler: handler)
            _ = try await client.request("bus.subscribe", ["topics": ["big"]])
            let serverSide = try #require(running.server.connections.first)

            // Enough to fill the client's inbound buffer (256 frames) and both socket buffers.
            let body = JSONValue.string(String(repeating: "x", count: 32 * 1024))
            let start = ContinuousClock.now
            let (published, slowest) = await pacedPublish(running.server, body, count: 5_000) {
                serverSide.droppedEvents >= 50 || ContinuousClock.now - start > .seconds(20)
            }
            #expect(serverSide.droppedEvents >= 50, "published \(published) without enough drops")
            #expect(published > 256, "drops began before the reader's buffers could have filled")
            #expect(serverSide.queueDepth <= 32)
            #expect(slowest < .milliseconds(500), "a publish took \(slowest)")
            #expect(running.server.publish("big", body) == (delivered: 0, dropped: 1))

            gate.open()
            #expect(try await client.request("ping", timeout: .seconds(15)) == "pong")
            let received = handler.events.count
            #expect(received > 256 && received < published)
            #expect(received + serverSide.droppedEvents == published + 1)
            await closeAndWait(client)
        }
    }
}
