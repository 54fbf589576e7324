import Logging
import MCShared
import MCWebhooks
@testable import MCWorkers
import Testing

/// The deliverer loop against a fake lease source and a real local receiver.
@Suite("Webhook deliverer", .timeLimit(.minutes(1)))
struct WebhookDelivererTests {
    static func deliverer(
        _ source: FakeLeaseSource, concurrency: Int = 32, timeout: Duration = .seconds(10),
        safetyInterval: Duration = .seconds(30)
    ) -> (WebhookDeliverer, WebhookHTTPClients) {
        var settings = WebhookDelivererSettings()
        settings.safetyInterval = safetyInterval
        settings.concurrency = concurrency
        settings.requestTimeout = timeout
        settings.minimumTimer = .milliseconds(20)
        settings.unavailableBackoff = ExponentialBackoff(base: .milliseconds(5), cap: .milliseconds(20))
        settings.targetGuard = WebhookTargetGuard(allowPrivate: true)
        let clients = WebhookHTTPClients(timeout: timeout)
        let deliverer = WebhookDeliverer(
            source: source, sender: WebhookSender(settings: settings, clients: clients),
            logger: Logger(label: "test.deliverer"))
        return (deliverer, clients)
    }

    /// Runs the deliverer while `body` runs, then stops it.
    static func running(
        _ deliverer: WebhookDeliverer, clients: WebhookHTTPClients, _ body: () async throws -> Void
    ) async throws {
        let loop = Task { await deliverer.run() }
        do {
            try await body()
        } catch {
            loop.cancel()
            await loop.value
            await clients.shutdown()
            throw error
        }
        loop.cancel()
        await loop.value
        await clients.shutdown()
    }

    @Test func theConcurrencyBoundIsRespected() async throws {
        try await WebhookReceiver.run { port, receiver in
            // 40 deliveries over 10 webhooks (per_webhook 4 would allow 40 at once).
            let leases = (0..<40).map { testLease($0, webhook: Int64($0 % 10 + 1), url: "http://127.0.0.1:\(port)/slow") }
            let source = FakeLeaseSource(leases)
            let (deliverer, clients) = Self.deliverer(source, concurrency: 4)
            try await Self.running(deliverer, clients: clients) {
                try await source.waitForReports(40)
            }
            #expect(source.maximumOutstanding == 4)
            #expect(source.limits.allSatisfy { (1...4).contains($0) })
            #expect(source.reports.allSatisfy { $0.succeeded })
            #expect(receiver.requests.count == 40)
        }
    }

    @Test func aHangingReceiverDoesNotDelayAHealthyOne() async throws {
        try await WebhookReceiver.run { port, receiver in
            // The hanging webhook is first in line and has more deliveries than per_webhook.
            let hanging = (0..<8).map { testLease($0, webhook: 1, url: "http://127.0.0.1:\(port)/hang") }
            let healthy = (0..<30).map { testLease($0, webhook: 2, url: "http://127.0.0.1:\(port)/ok") }
            let source = FakeLeaseSource(hanging + healthy)
            let (deliverer, clients) = Self.deliverer(source, concurrency: 8, timeout: .seconds(30))
            try await Self.running(deliverer, clients: clients) {
                try await source.waitForReports(30)
                // Every healthy delivery finished while all hanging ones are still open.
                #expect(source.reports.allSatisfy { $0.deliveryID / 1000 == 2 && $0.succeeded })
                #expect(receiver.requests(to: "/hang").count <= 4)
            }
        }
    }

    @Test func aDueEventWakesTheLoopBeforeTheSafetyTimer() async throws {
        try await WebhookReceiver.run { port, _ in
            let source = FakeLeaseSource()
            let (deliverer, clients) = Self.deliverer(source)
            try await Self.running(deliverer, clients: clients) {
                while source.leaseCalls == 0 { try await Task.sleep(for: .milliseconds(5)) }
                source.add([testLease(1, url: "http://127.0.0.1:\(port)/ok")])
                deliverer.wake()
                // The safety timer is 30 s and the time limit 1 min: only the wake-up delivers in time.
                try await source.waitForReports(1)
            }
            #expect(source.reports.first?.succeeded == true)
        }
    }

    @Test func mcAPIUnavailableIsRetriedWithBackoff() async throws {
        try await WebhookReceiver.run { port, _ in
            let source = FakeLeaseSource([testLease(1, url: "http://127.0.0.1:\(port)/ok")], unavailableFirst: 3)
            let (deliverer, clients) = Self.deliverer(source)
            try await Self.running(deliverer, clients: clients) {
                try await source.waitForReports(1)
            }
            #expect(source.leaseCalls >= 4)
            #expect(source.reports.first?.succeeded == true)
        }
    }

    @Test func failuresAreReportedAndTheLoopGoesOn() async throws {
        try await WebhookReceiver.run { port, _ in
            let source = FakeLeaseSource([
                testLease(1, url: "http://127.0.0.1:\(port)/fail"), testLease(2, url: "http://127.0.0.1:\(port)/redirect"),
                testLease(3, url: "http://127.0.0.1:\(port)/ok"),
            ])
            let (deliverer, clients) = Self.deliverer(source)
            try await Self.running(deliverer, clients: clients) {
                try await source.waitForReports(3)
            }
            let byID = Dictionary(uniqueKeysWithValues: source.reports.map { ($0.deliveryID, $0) })
            #expect(byID[1001]?.statusCode == 500)
            #expect(byID[1002]?.error == "Redirect refused (302)")
            #expect(byID[1003]?.succeeded == true)
        }
    }

    @Test func theSafetyTimerFindsWorkWhoseWakeUpWasLost() async throws {
        try await WebhookReceiver.run { port, _ in
            let source = FakeLeaseSource()
            let (deliverer, clients) = Self.deliverer(source, safetyInterval: .milliseconds(50))
            try await Self.running(deliverer, clients: clients) {
                while source.leaseCalls == 0 { try await Task.sleep(for: .milliseconds(5)) }
                // Queued without a wake-up, as when a `webhooks.due` event is lost.
                source.add([testLease(1, url: "http://127.0.0.1:\(port)/ok")])
                try await source.waitForReports(1)
            }
            #expect(source.reports.first?.succeeded == true)
        }
    }

    @Test func aReportIsRetriedWhileMcAPIRestarts() async throws {
        try await WebhookReceiver.run { port, receiver in
            let source = FakeLeaseSource([testLease(1, url: "http://127.0.0.1:\(port)/ok")], reportsUnavailableFirst: 2)
            let (deliverer, clients) = Self.deliverer(source)
            try await Self.running(deliverer, clients: clients) {
                try await source.waitForReports(1)
            }
            #expect(source.reportCalls == 3)
            // The delivery was sent once; only its report was repeated.
            #expect(receiver.requests.count == 1)
        }
    }

    @Test func shutdownAbortsDeliveriesWithoutReportingThem() async throws {
        try await WebhookReceiver.run { port, receiver in
            let source = FakeLeaseSource([testLease(1, url: "http://127.0.0.1:\(port)/hang")])
            let (deliverer, clients) = Self.deliverer(source)
            try await Self.running(deliverer, clients: clients) {
                while receiver.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            }
            // No failure is recorded: the lease expires and the delivery is sent again later.
            #expect(source.reportCalls == 0)
        }
    }
}
