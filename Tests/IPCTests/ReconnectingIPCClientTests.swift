import Foundation
import MCShared
import Testing

@testable import MCIPC

/// A client that outlives its server: it notices the loss, reconnects when the server is back
/// on the same path, and resubscribes its topics.
@Suite struct ReconnectingIPCClientTests {
    /// Short backoff so a reconnect takes milliseconds, not the production seconds.
    private let fastBackoff = ExponentialBackoff(base: .milliseconds(10), cap: .milliseconds(100), jitter: 0)

    @Test func reconnectsAndResubscribes() async throws {
        let directory = try makeSocketDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let handler = TestHandler()
        var running = try await RunningServer.start(directory: directory)
        let client = ReconnectingIPCClient(
            path: running.path, hello: testHello("worker"), handler: handler, backoff: fastBackoff, logger: quietLogger)
        let connections = Recorder<IPCConnection>()
        await client.onConnected { connections.append($0) }
        let runTask = Task { await client.run() }

        #expect(await eventually { await client.isConnected })
        try await client.subscribe(["webhooks.due"])
        #expect(running.server.publish("webhooks.due", ["n": 1]) == (delivered: 1, dropped: 0))
        #expect(await eventually { handler.events.count == 1 })

        await running.stop()
        #expect(await eventually { await !client.isConnected })
        let offline = await ipcError { _ = try await client.request("anything") }
        #expect(offline?.code == .unavailable)
        #expect(offline?.message == "not connected to \(running.path)")

        running = try await RunningServer.start(directory: directory)
        let server = running.server
        #expect(await eventually { await client.connectCount == 2 })
        // Resubscription happens right after the hello; publish until it has.
        #expect(await eventually { server.publish("webhooks.due", ["n": 2]).delivered == 1 })
        #expect(await eventually { handler.events.count == 2 })
        #expect(handler.events.all.last == IPCEvent(topic: "webhooks.due", body: ["n": 2]))
        #expect(await client.isConnected)
        #expect(await eventually { connections.count == 2 })

        runTask.cancel()
        await runTask.value
        #expect(await !client.isConnected)
        await running.stop()
    }

    @Test func keepsRetryingUntilTheServerAppears() async throws {
        let directory = try makeSocketDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = ReconnectingIPCClient(
            path: directory + "/api.sock", hello: testHello("worker"), backoff: fastBackoff, logger: quietLogger)
        let runTask = Task { await client.run() }
        try await Task.sleep(for: .milliseconds(150))
        #expect(await client.connectCount == 0)
        let early = await ipcError { _ = try await client.request("x") }
        #expect(early?.code == .unavailable)

        let running = try await RunningServer.start(
            handler: TestHandler(respond: { _ in "up" }), directory: directory)
        #expect(await eventually { await client.isConnected })
        #expect(try await client.request("status") == "up")
        #expect(await client.connectCount == 1)

        runTask.cancel()
        await runTask.value
        await running.stop()
    }
}
