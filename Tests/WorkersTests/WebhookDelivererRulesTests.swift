import MCShared
import MCWebhooks
@testable import MCWorkers
import Testing

/// The deliverer's pure rules: when to lease next, how to reach a checked target, its
/// settings, and the bus message shapes.
@Suite("Webhook deliverer rules")
struct WebhookDelivererRulesTests {
    let plan = WebhookWakePlan(minimum: .seconds(1), safety: .seconds(30))

    @Test func nothingWaitingMeansTheSafetyInterval() {
        #expect(plan.delay(nextDueAt: nil, now: 1000) == .seconds(30))
    }

    @Test func aDueTimeInTheFutureIsWaitedFor() {
        #expect(plan.delay(nextDueAt: 1010, now: 1000) == .seconds(10))
        #expect(plan.delay(nextDueAt: 1010, now: 1000.5) == .milliseconds(9500))
    }

    @Test func neverSoonerThanOneSecond() {
        #expect(plan.delay(nextDueAt: 1000, now: 1000) == .seconds(1))
        #expect(plan.delay(nextDueAt: 900, now: 1000) == .seconds(1))
        #expect(plan.delay(nextDueAt: 1001, now: 1000) == .seconds(1))
    }

    @Test func neverLaterThanTheSafetyInterval() {
        #expect(plan.delay(nextDueAt: 1030, now: 1000) == .seconds(30))
        #expect(plan.delay(nextDueAt: 1031, now: 1000) == .seconds(30))
        #expect(plan.delay(nextDueAt: 9999, now: 1000) == .seconds(30))
    }

    struct FixedResolver: WebhookHostResolver {
        let address: String
        func addresses(host: String, port: Int) async throws -> [WebhookIPAddress] { [WebhookIPAddress(address)!] }
    }

    func connectionPlan(_ url: String, resolvesTo address: String = "93.184.216.34") async throws
        -> WebhookConnectionPlan
    {
        let guardian = WebhookTargetGuard(resolver: FixedResolver(address: address))
        return try #require(WebhookConnectionPlan(try await guardian.resolve(url: url)))
    }

    @Test func httpGoesToTheCheckedAddressWithTheOriginalHost() async throws {
        let plan = try await connectionPlan("http://hooks.example.com/in/x?a=1&b=%20")
        #expect(plan.requestURL == "http://93.184.216.34:80/in/x?a=1&b=%20")
        #expect(plan.hostHeader == "hooks.example.com")
        #expect(plan.pin == nil)
        let withPort = try await connectionPlan("http://hooks.example.com:8080")
        #expect(withPort.requestURL == "http://93.184.216.34:8080/")
        #expect(withPort.hostHeader == "hooks.example.com:8080")
    }

    @Test func httpsKeepsTheNameAndPinsTheAddress() async throws {
        let plan = try await connectionPlan("https://hooks.example.com/in")
        #expect(plan.requestURL == "https://hooks.example.com:443/in")
        #expect(plan.hostHeader == nil)
        #expect(plan.pin == .init(host: "hooks.example.com", address: "93.184.216.34"))
    }

    @Test func literalAddressesNeedNoPin() async throws {
        let v4 = try await connectionPlan("https://93.184.216.34/in")
        #expect(v4.pin == nil)
        #expect(v4.requestURL == "https://93.184.216.34:443/in")
        let v6 = try await connectionPlan("http://[2606:2800:220:1:248:1893:25c8:1946]:81/in")
        #expect(v6.requestURL == "http://[2606:2800:220:1:248:1893:25c8:1946]:81/in")
        #expect(v6.hostHeader == "[2606:2800:220:1:248:1893:25c8:1946]:81")
    }

    @Test func concurrencyDefaultsTo32() throws {
        #expect(try WebhookDelivererSettings(environment: EnvironmentReader([:])).concurrency == 32)
    }

    @Test(arguments: ["1", "256"])
    func concurrencyAtItsLimits(value: String) throws {
        let settings = try WebhookDelivererSettings(environment: EnvironmentReader(["MC_WEBHOOK_CONCURRENCY": value]))
        #expect(settings.concurrency == Int(value))
    }

    @Test(arguments: ["0", "257", "many"])
    func concurrencyOutsideItsLimitsIsRefused(value: String) {
        #expect {
            _ = try WebhookDelivererSettings(environment: EnvironmentReader(["MC_WEBHOOK_CONCURRENCY": value]))
        } throws: { error in
            "\(error)"
                == "invalid configuration: MC_WEBHOOK_CONCURRENCY: expected a whole number from 1 to 256, got '\(value)'"
        }
    }

    @Test func allowPrivateReachesTheGuard() throws {
        let settings = try WebhookDelivererSettings(environment: EnvironmentReader(["MC_WEBHOOK_ALLOW_PRIVATE": "1"]))
        #expect(settings.targetGuard.allowPrivate)
        #expect(try !WebhookDelivererSettings(environment: EnvironmentReader([:])).targetGuard.allowPrivate)
    }

    @Test func leaseAnswersAreRead() throws {
        let answer = try JSONValue.parse(
            """
            {"deliveries":[{"delivery_id":7,"lease":"p_ab","webhook_id":2,"url":"https://x.example/h","secret":null,
            "event_type":"test.ping","data":{"a":1},"delivery_uid":"msg_1","attempt":3,"probe":true},{"lease":"broken"}],
            "next_due_at":1700000100}
            """)
        let batch = WebhookLeaseBatch(json: answer)
        #expect(batch.nextDueAt == 1_700_000_100)
        #expect(batch.deliveries.count == 1)
        let lease = try #require(batch.deliveries.first)
        #expect(lease.deliveryID == 7 && lease.webhookID == 2 && lease.attempt == 3 && lease.probe)
        #expect(lease.secret == nil && lease.deliveryUID == "msg_1" && lease.data == ["a": 1])
        #expect(WebhookLeaseBatch(json: ["deliveries": [], "next_due_at": nil]).nextDueAt == nil)
    }

    @Test func reportsCarryOnlyWhatHappened() {
        let failed = WebhookAttemptReport(
            deliveryID: 7, lease: "l_1", statusCode: nil, error: "Timeout (10s)", durationMs: 10_000, responseBody: nil)
        #expect(
            failed.json == ["delivery_id": 7, "lease": "l_1", "error": "Timeout (10s)", "duration_ms": 10_000])
        let ok = WebhookAttemptReport(
            deliveryID: 7, lease: "l_1", statusCode: 204, error: nil, durationMs: 3, responseBody: "fine")
        #expect(ok.json == ["delivery_id": 7, "lease": "l_1", "status_code": 204, "duration_ms": 3, "response_body": "fine"])
        #expect(ok.succeeded && !failed.succeeded)
    }

    @Test func reportAnswersAreRead() {
        #expect(
            WebhookReportAnswer(json: ["accepted": true, "status": "dead", "next_attempt_at": nil])
                == WebhookReportAnswer(accepted: true, status: "dead"))
        #expect(
            WebhookReportAnswer(json: ["accepted": false, "reason": "the lease is no longer current"])
                == WebhookReportAnswer(accepted: false, status: nil))
    }
}
