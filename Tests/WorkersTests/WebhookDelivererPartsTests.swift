import MCWebhooks
@testable import MCWorkers
import Testing

/// The deliverer's small moving parts: the wake-up signal and the pinned-client cache.
@Suite("Webhook deliverer parts", .timeLimit(.minutes(1)))
struct WebhookDelivererPartsTests {
    @Test func aWakeBeforeTheWaitIsRemembered() async {
        let signal = WebhookWakeSignal()
        signal.wake()
        signal.wake()
        // Both wakes collapse into one: this returns at once, the next waits for its limit.
        await signal.wait()
        await signal.wait(atMost: .milliseconds(20))
    }

    @Test func aWaitEndsOnWake() async {
        let signal = WebhookWakeSignal()
        let waiter = Task { await signal.wait() }
        try? await Task.sleep(for: .milliseconds(10))
        signal.wake()
        await waiter.value
    }

    @Test func aWaitEndsOnCancellation() async {
        let signal = WebhookWakeSignal()
        let waiter = Task { await signal.wait() }
        waiter.cancel()
        await waiter.value
    }

    static func plan(_ host: String) -> WebhookConnectionPlan {
        WebhookConnectionPlan(
            requestURL: "https://\(host)/", hostHeader: nil, pin: .init(host: host, address: "93.184.216.34"))
    }

    @Test func idlePinnedClientsAreEvictedBeyondTheBound() async {
        let clients = WebhookHTTPClients(timeout: .seconds(1), maximumPinned: 2)
        for host in ["a.example", "b.example", "c.example"] {
            _ = await clients.checkOut(Self.plan(host))
            await clients.release(Self.plan(host))
        }
        #expect(await clients.pinnedCount == 2)
        // The same pin reuses its client.
        _ = await clients.checkOut(Self.plan("c.example"))
        await clients.release(Self.plan("c.example"))
        #expect(await clients.pinnedCount == 2)
        await clients.shutdown()
    }

    @Test func busyPinnedClientsAreNeverEvicted() async {
        let clients = WebhookHTTPClients(timeout: .seconds(1), maximumPinned: 2)
        for host in ["a.example", "b.example", "c.example"] { _ = await clients.checkOut(Self.plan(host)) }
        #expect(await clients.pinnedCount == 3)
        await clients.release(Self.plan("a.example"))
        _ = await clients.checkOut(Self.plan("d.example"))
        // a was idle and oldest: gone; b, c busy; d new.
        #expect(await clients.pinnedCount == 3)
        await clients.shutdown()
    }

    @Test func plainHTTPNeedsNoPinnedClient() async {
        let clients = WebhookHTTPClients(timeout: .seconds(1), maximumPinned: 2)
        let plan = WebhookConnectionPlan(requestURL: "http://93.184.216.34:80/", hostHeader: "x.example", pin: nil)
        _ = await clients.checkOut(plan)
        await clients.release(plan)
        #expect(await clients.pinnedCount == 0)
        await clients.shutdown()
    }
}
