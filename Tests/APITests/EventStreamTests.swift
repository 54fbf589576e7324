import AsyncHTTPClient
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import NIOCore
import NIOHTTP1
import Testing

@testable import MCAPI

/// `GET /api/events` over a real socket: live delivery, workspace filtering, and resuming with
/// `Last-Event-ID` so a reconnecting client gets every missed event exactly once, in order.
@Suite struct EventStreamTests {
    /// One received SSE event.
    typealias Frame = (id: Int64, type: String)

    /// Commits one event per type through the one write path.
    static func commit(_ database: EventedDatabase, _ types: [String], workspace: Int64 = 1) async throws {
        for type in types {
            try await database.write { db, events in
                events.append(try EventLog.append(db, type: type, workspaceID: workspace, payload: ["workspace_id": .number(Double(workspace))]))
            }
        }
    }

    /// Reads SSE frames from `stream` until `count` events with ids arrived.
    static func read(_ stream: inout HTTPClientResponse.Body.AsyncIterator, events count: Int) async throws -> [Frame] {
        var received: [(Int64, String)] = []
        var text = ""
        while received.count < count, let chunk = try await stream.next() {
            text += String(buffer: chunk)
            while let end = text.range(of: "\n\n") {
                let frame = String(text[..<end.lowerBound])
                text = String(text[end.upperBound...])
                var id: Int64?
                var type: String?
                for line in frame.split(separator: "\n") {
                    if line.hasPrefix("id: ") { id = Int64(line.dropFirst(4)) }
                    if line.hasPrefix("data: "), let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any] {
                        type = object["type"] as? String
                    }
                }
                // The greeting carries the resume point as its id; it is not an event.
                if let id, let type, type != "connected" { received.append((id, type)) }
            }
        }
        return received
    }

    @Test func resumesFromLastEventIDWithEveryMissedEventOnceInOrder() async throws {
        let app = try await TestApplication()
        let database = app.dependencies.database
        try await app.test(.live) { client in
            let port = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/events")
            request.headers.add(name: "x-api-key", value: TestApplication.globalKey)
            // The first connection lives in its own task: cancelling it closes the socket.
            let (firstEvents, firstEventsSink) = AsyncStream.makeStream(of: [Frame].self)
            let firstRequest = request
            let firstConnection = Task {
                let first = try await HTTPClient.shared.execute(firstRequest, timeout: .seconds(30))
                #expect(first.status == .ok)
                #expect(first.headers.first(name: "content-type") == "text/event-stream")
                var stream = first.body.makeAsyncIterator()
                firstEventsSink.yield(try await Self.read(&stream, events: 2))
                _ = try await Self.read(&stream, events: 1)  // nothing more comes: waits until cancelled
            }
            // Let the subscription register before committing.
            try await Self.eventually { database.hub.subscriberCount == 1 }
            try await Self.commit(database, ["task.created", "task.updated"])
            try await Self.commit(database, ["task.created"], workspace: 2)  // another workspace: never delivered
            var firstIterator = firstEvents.makeAsyncIterator()
            let live = await firstIterator.next() ?? []
            firstConnection.cancel()
            // A vanished client is noticed at the next write; the keep-alive (every 15 s in the
            // server) is such a write, so send one now instead of waiting.
            try await Self.eventually {
                database.hub.heartbeat()
                return database.hub.subscriberCount == 0
            }
            #expect(live.map(\.type) == ["task.created", "task.updated"])
            let lastSeen = try #require(live.last?.id)

            // The client goes away; changes happen; it comes back with Last-Event-ID.
            try await Self.commit(database, ["task.deleted", "agent.created", "agent.updated"])
            request.headers.add(name: "Last-Event-ID", value: String(lastSeen))
            let second = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            var resumed = second.body.makeAsyncIterator()
            try await Self.eventually { database.hub.subscriberCount == 1 }
            try await Self.commit(database, ["task.updated"])
            let replay = try await Self.read(&resumed, events: 4)
            #expect(replay.map(\.type) == ["task.deleted", "agent.created", "agent.updated", "task.updated"])
            let ids = replay.map(\.id)
            #expect(ids == ids.sorted() && Set(ids).count == ids.count && ids.first! > lastSeen)
        }
    }

    @Test func requiresAViewerAndAValidResumePoint() async throws {
        try await TestApplication().test(.router) { client in
            try await client.execute(uri: "/api/events", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/api/events", method: .get,
                headers: [HTTPField.Name("x-api-key")!: TestApplication.globalKey, HTTPField.Name("Last-Event-ID")!: "banana"]
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"error":"Last-Event-ID must be a non-negative event id, got 'banana'"}"#)
            }
        }
    }

    @Test func slowSubscriberIsDisconnectedWithoutBlockingWriters() async throws {
        let hub = EventHub(bufferLimit: 4)
        let subscription = hub.subscribe(workspaceID: 1)
        let event = StoredEvent(id: 1, type: "t", workspaceID: 1, payload: .null, timestampMs: 0)
        for id in 1...10 { hub.publish([StoredEvent(id: Int64(id), type: event.type, workspaceID: 1, payload: .null, timestampMs: 0)]) }
        #expect(hub.slowDisconnects == 1)
        #expect(hub.subscriberCount == 0)
        var received = 0
        for await _ in subscription.items { received += 1 }
        #expect(received == 4, "the buffered events are still readable, then the stream ends")
    }

    struct TimedOut: Error, CustomStringConvertible { let description: String }

    static func eventually(_ what: String = #function, line: Int = #line, _ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw TimedOut(description: "timed out at line \(line)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
