import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import MCWebhooks
import Testing

@testable import MCAPI

/// The deliverer's side of the outbox: leases, reports, retries, the breaker, lease expiry.
@Suite struct WebhookLeasesTests {
    typealias S = AgentTestSupport

    /// An app with one webhook on every event and `count` task creations queued for it.
    static func queued(_ count: Int, events: String = #"["*"]"#) async throws -> (TestApplication, WebhookLeases) {
        let app = try await TestApplication(busClients: [])
        try await app.test { client in
            _ = try await S.send(client, .post, "/api/webhooks", #"{"name":"hook","url":"https://example.com/h","events":\#(events)}"#)
            for index in 0..<count { _ = try await S.send(client, .post, "/api/tasks", #"{"title":"task \#(index)"}"#) }
        }
        return (app, app.dependencies.webhookLeases)
    }

    static func deliveries(_ answer: JSONValue) -> [JSONValue] {
        if case .array(let items)? = answer["deliveries"] { return items }
        return []
    }

    static func outcome(_ delivery: JSONValue, status: Int?, error: String? = nil) -> WebhookLeases.Outcome {
        .init(
            deliveryID: Int64(delivery["delivery_id"]?.intValue ?? 0), lease: delivery["lease"]?.stringValue ?? "",
            statusCode: status, error: error, durationMs: 12, responseBody: status.map { "answered \($0)" })
    }

    @Test func aLeasedDeliveryCarriesEverythingToSendItAndIsNotLeasedTwice() async throws {
        let (app, leases) = try await Self.queued(1)
        let now = Int64(Date().timeIntervalSince1970) + 1
        let first = Self.deliveries(try await leases.lease(limit: 10, perWebhook: 4, leaseSeconds: 30, now: now))
        let delivery = try #require(first.first)
        #expect(first.count == 1)
        #expect(delivery["url"] == "https://example.com/h")
        #expect(delivery["secret"]?.stringValue?.count == 64)
        #expect(delivery["event_type"] == "activity.task_created")
        #expect(delivery["data"]?["title"] == "task 0")
        #expect(delivery["probe"] == false)
        #expect(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 4, leaseSeconds: 30, now: now)).isEmpty)
        let answer = try await leases.report(Self.outcome(delivery, status: 204), now: now)
        #expect(answer["status"] == "succeeded")
        let row = try await S.rows(app.dependencies.database, "SELECT status, status_code, response_body FROM webhook_deliveries").first
        #expect(row?["status"] == "succeeded")
        #expect(row?["status_code"] == 204)
        let hook = try await S.rows(app.dependencies.database, "SELECT last_status FROM webhooks").first
        #expect(hook?["last_status"] == 204)
    }

    @Test func failuresRetryOnTheScheduleWithTheSameWebhookID() async throws {
        let (app, leases) = try await Self.queued(1)
        var now = Int64(Date().timeIntervalSince1970) + 1
        let first = try #require(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 4, leaseSeconds: 30, now: now)).first)
        let answer = try await leases.report(Self.outcome(first, status: 500), now: now, random: 0)
        #expect(answer["status"] == "failed")
        // attempt 0 failed: 30 s −20 % = 24 s.
        #expect(answer["next_attempt_at"]?.intValue == Int(now + 24))
        #expect(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 4, leaseSeconds: 30, now: now + 23)).isEmpty)
        now += 24
        let second = try #require(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 4, leaseSeconds: 30, now: now)).first)
        #expect(second["attempt"] == 1)
        #expect(second["delivery_uid"] == first["delivery_uid"])
        // Network errors fail too, and the last attempt gives up.
        var current = second
        for attempt in 1..<5 {
            let result = try await leases.report(Self.outcome(current, status: nil, error: "Timeout (10s)"), now: now, random: 0.5)
            if attempt == 4 {
                #expect(result["status"] == "dead")
                #expect(result["next_attempt_at"] == .null)
                break
            }
            now = Int64(result["next_attempt_at"]?.intValue ?? 0)
            current = try #require(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 4, leaseSeconds: 30, now: now)).first)
        }
        let row = try await S.rows(app.dependencies.database, "SELECT status, attempt, error FROM webhook_deliveries").first
        #expect(row?["status"] == "dead")
        #expect(row?["attempt"] == 4)
        #expect(row?["error"] == "Timeout (10s)")
    }

    @Test func theBreakerOpensHoldsDeliveriesAndRecoversThroughAProbe() async throws {
        let (app, leases) = try await Self.queued(6)
        let now = Int64(Date().timeIntervalSince1970) + 1
        let batch = Self.deliveries(try await leases.lease(limit: 5, perWebhook: 5, leaseSeconds: 30, now: now))
        #expect(batch.count == 5)
        for delivery in batch { _ = try await leases.report(Self.outcome(delivery, status: 503), now: now) }
        let hook = try await S.rows(app.dependencies.database, "SELECT circuit_state, consecutive_failures, circuit_next_probe_at FROM webhooks").first
        #expect(hook?["circuit_state"] == "open")
        #expect(hook?["consecutive_failures"] == 5)
        #expect(hook?["circuit_next_probe_at"]?.intValue == Int(now + 300))
        // Open: nothing goes out, and the held delivery waits for the probe time.
        #expect(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 5, leaseSeconds: 30, now: now + 1)).isEmpty)
        let waiting = try await S.rows(app.dependencies.database, "SELECT MIN(next_attempt_at) AS due FROM webhook_deliveries WHERE status = 'pending'").first
        #expect(waiting?["due"]?.intValue == Int(now + 300))
        // After the cooldown exactly one probe goes out.
        let probe = Self.deliveries(try await leases.lease(limit: 10, perWebhook: 5, leaseSeconds: 30, now: now + 300))
        #expect(probe.count == 1)
        #expect(probe.first?["probe"] == true)
        _ = try await leases.report(Self.outcome(try #require(probe.first), status: 200), now: now + 301)
        let closed = try await S.rows(app.dependencies.database, "SELECT circuit_state, consecutive_failures FROM webhooks").first
        #expect(closed?["circuit_state"] == "closed")
        #expect(closed?["consecutive_failures"] == 0)
    }

    @Test func anExpiredLeaseIsDeliveredAgainAndTheStaleReportIsIgnored() async throws {
        let (_, leases) = try await Self.queued(1)
        let now = Int64(Date().timeIntervalSince1970) + 1
        let first = try #require(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 4, leaseSeconds: 5, now: now)).first)
        let again = try #require(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 4, leaseSeconds: 5, now: now + 5)).first)
        #expect(again["delivery_id"] == first["delivery_id"])
        #expect(again["lease"] != first["lease"])
        let stale = try await leases.report(Self.outcome(first, status: 200), now: now + 6)
        #expect(stale["accepted"] == false)
        #expect(stale["reason"] == "the lease is no longer current")
        #expect(try await leases.report(Self.outcome(again, status: 200), now: now + 6)["accepted"] == true)
    }

    @Test func oneWebhookNeverHoldsMoreThanItsShareInFlight() async throws {
        let (_, leases) = try await Self.queued(5)
        let now = Int64(Date().timeIntervalSince1970) + 1
        #expect(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 2, leaseSeconds: 30, now: now)).count == 2)
        #expect(Self.deliveries(try await leases.lease(limit: 10, perWebhook: 2, leaseSeconds: 30, now: now)).isEmpty)
    }

    @Test func aManualTestAnswersWithTheOutcomeOnceReported() async throws {
        let app = try await TestApplication()
        let leases = app.dependencies.webhookLeases
        try await app.test { client in
            let created = try await S.send(client, .post, "/api/webhooks", #"{"name":"t","url":"https://example.com/t"}"#)
            let id = try #require(created.json["id"] as? Int)
            async let answer = S.send(client, .post, "/api/webhooks/test", #"{"id":\#(id)}"#)
            var leased: [JSONValue] = []
            for _ in 0..<200 where leased.isEmpty {
                try await Task.sleep(for: .milliseconds(10))
                leased = Self.deliveries(try await leases.lease(limit: 1, perWebhook: 1, leaseSeconds: 30, now: Int64(Date().timeIntervalSince1970) + 1))
            }
            let delivery = try #require(leased.first)
            #expect(delivery["event_type"] == "test.ping")
            _ = try await leases.report(Self.outcome(delivery, status: 500))
            let response = try await answer
            #expect(response.status == .ok)
            #expect(response.json["success"] as? Bool == false)
            #expect(response.json["status_code"] as? Int == 500)
            // A manual delivery is not retried and does not count against the breaker.
            let hook = try await S.rows(app.dependencies.database, "SELECT consecutive_failures FROM webhooks").first
            #expect(hook?["consecutive_failures"] == 0)
            let row = try await S.rows(app.dependencies.database, "SELECT status FROM webhook_deliveries").first
            #expect(row?["status"] == "dead")
        }
    }
}

/// `MC_WEBHOOK_HISTORY`: how many finished deliveries each webhook keeps.
@Suite struct WebhookHistoryTests {
    @Test func theHistorySettingIsCheckedAtItsLimits() async throws {
        for (value, ok) in [("10", true), ("100000", true), ("9", false), ("100001", false)] {
            if ok {
                _ = try await TestApplication(environment: ["MC_WEBHOOK_HISTORY": value])
            } else {
                await #expect(throws: ConfigurationError.self) {
                    _ = try await TestApplication(environment: ["MC_WEBHOOK_HISTORY": value])
                }
            }
        }
    }

    @Test func finishedDeliveriesBeyondTheHistoryArePruned() async throws {
        let app = try await TestApplication(environment: ["MC_WEBHOOK_HISTORY": "10", "MC_DISABLE_RATE_LIMIT": "1"], busClients: [])
        try await app.test { client in
            _ = try await AgentTestSupport.send(client, .post, "/api/webhooks", #"{"name":"h","url":"https://example.com/h"}"#)
            for index in 0..<64 { _ = try await AgentTestSupport.send(client, .post, "/api/tasks", #"{"title":"t\#(index)"}"#) }
        }
        let leases = app.dependencies.webhookLeases
        #expect(leases.history == 10)
        let now = Int64(Date().timeIntervalSince1970) + 1
        let batch = WebhookLeasesTests.deliveries(try await leases.lease(limit: 64, perWebhook: 64, leaseSeconds: 30, now: now))
        #expect(batch.count == 64)
        for delivery in batch { _ = try await leases.report(WebhookLeasesTests.outcome(delivery, status: 200), now: now) }
        let rows = try await AgentTestSupport.rows(app.dependencies.database, "SELECT COUNT(*) AS n FROM webhook_deliveries").first
        #expect(rows?["n"] == 10)
    }
}
