import Foundation
import Logging
import MCShared
import MCWebhooks
@testable import MCWorkers
import Testing

/// One attempt against a real local receiver: signatures, status codes, the kept body, the
/// timeout, redirects, connection failures and the SSRF refusal.
@Suite("Webhook sender", .timeLimit(.minutes(1)))
struct WebhookSenderTests {
    /// Resolves every name to 127.0.0.1, to test that names go through the guard.
    struct LoopbackResolver: WebhookHostResolver {
        func addresses(host: String, port: Int) async throws -> [WebhookIPAddress] { [WebhookIPAddress("127.0.0.1")!] }
    }

    static func sender(
        allowPrivate: Bool = true, timeout: Duration = .seconds(10), resolver: any WebhookHostResolver = LoopbackResolver()
    ) -> (WebhookSender, WebhookHTTPClients) {
        var settings = WebhookDelivererSettings()
        settings.requestTimeout = timeout
        settings.targetGuard = WebhookTargetGuard(allowPrivate: allowPrivate, resolver: resolver)
        let clients = WebhookHTTPClients(timeout: timeout)
        return (WebhookSender(settings: settings, clients: clients, now: { 1_700_000_000 }), clients)
    }

    @Test func successIsSignedWithBothSchemesOverTheExactBody() async throws {
        try await WebhookReceiver.run { port, receiver in
            let (sender, clients) = Self.sender()
            let lease = testLease(1, url: "http://127.0.0.1:\(port)/ok?x=1")
            let report = await sender.send(lease)
            await clients.shutdown()
            #expect(report.succeeded)
            #expect(report.statusCode == 200)
            #expect(report.error == nil)
            #expect(report.responseBody == "ok")
            #expect(report.lease == "l_1")
            let received = try #require(receiver.requests(to: "/ok").first)
            let payload = try #require(WebhookPayload(body: received.body))
            #expect(payload.event == "activity.task_created")
            #expect(payload.timestamp == 1_700_000_000)
            #expect(payload.data["title"]?.stringValue == "Tâche ✓")
            let signature = try #require(received.headers["x-mc-signature"])
            #expect(WebhookSignature.verifyMCSignature(signature, secret: "s3cret", body: received.body))
            #expect(received.headers["webhook-id"] == "msg_1_1")
            #expect(received.headers["webhook-timestamp"] == "1700000000")
            #expect(
                received.headers["webhook-signature"]
                    == WebhookSignature.standardSignature(
                        secret: "s3cret", id: "msg_1_1", timestamp: 1_700_000_000, body: received.body))
            #expect(received.headers["x-mc-event"] == "activity.task_created")
            #expect(received.headers["user-agent"] == "MissionControl-Webhook/1.0")
        }
    }

    @Test func noSecretMeansNoSignatureHeaders() async throws {
        try await WebhookReceiver.run { port, receiver in
            let (sender, clients) = Self.sender()
            _ = await sender.send(testLease(1, url: "http://127.0.0.1:\(port)/ok", secret: nil))
            await clients.shutdown()
            let received = try #require(receiver.requests.first)
            #expect(received.headers["x-mc-signature"] == nil)
            #expect(received.headers["webhook-signature"] == nil)
            #expect(received.headers["webhook-id"] == "msg_1_1")
        }
    }

    @Test func aNameIsSentToTheCheckedAddressWithItsOwnHostHeader() async throws {
        try await WebhookReceiver.run { port, receiver in
            let (sender, clients) = Self.sender()
            let report = await sender.send(testLease(1, url: "http://hooks.example.com:\(port)/ok"))
            await clients.shutdown()
            #expect(report.statusCode == 200)
            #expect(receiver.requests.first?.headers["host"] == "hooks.example.com:\(port)")
        }
    }

    @Test func serverErrorIsReportedWithItsStatusAndBody() async throws {
        try await WebhookReceiver.run { port, _ in
            let (sender, clients) = Self.sender()
            let report = await sender.send(testLease(1, url: "http://127.0.0.1:\(port)/fail"))
            await clients.shutdown()
            #expect(!report.succeeded)
            #expect(report.statusCode == 500)
            #expect(report.responseBody == "boom")
            #expect(report.error == nil)
        }
    }

    @Test func aReceiverThatNeverAnswersTimesOut() async throws {
        try await WebhookReceiver.run { port, _ in
            let (sender, clients) = Self.sender(timeout: .milliseconds(100))
            let report = await sender.send(testLease(1, url: "http://127.0.0.1:\(port)/hang"))
            await clients.shutdown()
            #expect(report.error == "Timeout (100ms)")
            #expect(report.statusCode == nil)
            #expect(report.durationMs >= 100)
        }
    }

    @Test func theTimeoutMessageIsTheOriginals() {
        #expect(WebhookAttemptError.timeoutMessage(.seconds(10)) == "Timeout (10s)")
        #expect(WebhookAttemptError.timeoutMessage(WebhookDelivererSettings().requestTimeout) == "Timeout (10s)")
    }

    @Test func redirectsAreRefusedNotFollowed() async throws {
        try await WebhookReceiver.run { port, receiver in
            let (sender, clients) = Self.sender()
            let report = await sender.send(testLease(1, url: "http://127.0.0.1:\(port)/redirect"))
            await clients.shutdown()
            #expect(report.error == "Redirect refused (302)")
            #expect(report.statusCode == 302)
            #expect(!report.succeeded)
            #expect(receiver.requests.map(\.path) == ["/redirect"])
        }
    }

    @Test func aClosedPortIsConnectionRefused() async throws {
        let (sender, clients) = Self.sender()
        // Port 1 (tcpmux) is closed on any machine that runs these tests.
        let report = await sender.send(testLease(1, url: "http://127.0.0.1:1/ok"))
        await clients.shutdown()
        #expect(report.error == "Connection refused")
    }

    @Test(arguments: [
        ("http://127.0.0.1:PORT/ok", "Refused: 127.0.0.1 is"),
        ("http://hooks.example.com:PORT/ok", "Refused: hooks.example.com resolves to 127.0.0.1"),
        ("ftp://127.0.0.1:PORT/ok", "Refused: only http and https URLs are allowed (got ftp)"),
    ])
    func privateTargetsAreRefusedWithoutAnyRequest(url: String, message: String) async throws {
        try await WebhookReceiver.run { port, receiver in
            let (sender, clients) = Self.sender(allowPrivate: false)
            let report = await sender.send(
                testLease(1, url: url.replacingOccurrences(of: "PORT", with: String(port))))
            await clients.shutdown()
            #expect(report.error?.hasPrefix(message) == true, "\(report.error ?? "nil")")
            #expect(report.statusCode == nil)
            #expect(receiver.requests.isEmpty)
        }
    }

    @Test(arguments: [(1023, 1023), (1024, 1024), (1025, 1024), (5000, 1024)])
    func theResponseBodyIsKeptUpTo1KiB(size: Int, kept: Int) async throws {
        try await WebhookReceiver.run { port, _ in
            let (sender, clients) = Self.sender()
            let report = await sender.send(testLease(1, url: "http://127.0.0.1:\(port)/big/\(size)"))
            await clients.shutdown()
            #expect(report.statusCode == 200)
            #expect(report.responseBody?.utf8.count == kept)
        }
    }

    @Test func httpsToANameConnectsToTheCheckedAddress() async throws {
        try await ConnectionCounter.run { port, counter in
            let (sender, clients) = Self.sender()
            // `.invalid` never resolves in DNS: a connection can only come from the pinned address.
            let report = await sender.send(testLease(1, url: "https://hooks.pinned.invalid:\(port)/ok"))
            await clients.shutdown()
            #expect(counter.accepted >= 1)
            #expect(report.statusCode == nil)
            // The listener hangs up during the TLS handshake; which words depend on timing.
            let error = report.error ?? ""
            #expect(
                ["Connection reset", "Connection closed by the receiver"].contains(error) || error.hasPrefix("TLS error"),
                "\(error)")
        }
    }
}
