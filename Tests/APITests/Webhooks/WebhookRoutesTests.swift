import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `/api/webhooks`: management, secrets shown once, the SSRF check, the outbox.
@Suite struct WebhookRoutesTests {
    typealias S = AgentTestSupport

    static func create(_ client: any TestClientProtocol, _ body: String) async throws -> TestResponse {
        try await S.send(client, .post, "/api/webhooks", body)
    }

    @Test func createShowsTheSecretOnceAndListsItMasked() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let created = try await Self.create(client, #"{"name":"Ops","url":"https://hooks.example.com/mc","events":["activity.task_created"]}"#)
            #expect(created.status == .ok)
            let secret = try #require(created.json["secret"] as? String)
            #expect(secret.count == 64)
            let listed = try await S.send(client, .get, "/api/webhooks")
            let hook = try #require((listed.json["webhooks"] as? [[String: Any]])?.first)
            #expect(hook["secret"] as? String == "••••••" + secret.suffix(4))
            #expect(hook["enabled"] as? Bool == true)
            #expect(hook["events"] as? [String] == ["activity.task_created"])
            #expect((hook["circuit"] as? [String: Any])?["state"] as? String == "closed")
            #expect(!listed.text.contains(secret))
            // Sealed at rest: the database never holds the secret in the clear.
            let stored = try await S.rows(app.dependencies.database, "SELECT secret FROM webhooks")
            #expect(stored.first?["secret"]?.stringValue?.hasPrefix("sb1:") == true)
            let none = try await Self.create(client, #"{"name":"Plain","url":"https://hooks.example.com/b","generate_secret":false}"#)
            #expect(none.json["secret"] is NSNull)
        }
    }

    @Test func privateAndMalformedTargetsAreRefusedWithTheReason() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let cases: [(String, String)] = [
                ("http://127.0.0.1/x", "Webhook URL cannot point to internal or private services: 127.0.0.1 is a loopback address (set MC_WEBHOOK_ALLOW_PRIVATE=1 to allow private targets)"),
                ("http://169.254.169.254/latest", "Webhook URL cannot point to internal or private services: 169.254.169.254 is a cloud metadata address"),
                ("ftp://example.com/x", "Invalid webhook URL: only http and https URLs are allowed (got ftp)"),
                ("not a url", "Invalid webhook URL: only http and https URLs are allowed"),
            ]
            for (url, message) in cases {
                let response = try await Self.create(client, #"{"name":"x","url":"\#(url)"}"#)
                #expect(response.status == .badRequest)
                #expect(response.json["error"] as? String == message, "\(url)")
            }
            let missing = try await Self.create(client, #"{"url":"https://example.com"}"#)
            #expect((missing.json["details"] as? [String])?.first == "name: Invalid input: expected string, received undefined")
            let tooMany = String(repeating: #""a","#, count: 50) + #""b""#
            let events = try await Self.create(client, #"{"name":"x","url":"https://example.com","events":[\#(tooMany)]}"#)
            #expect((events.json["details"] as? [String]) == ["events: an array of at most 50 event types of 1 to 200 characters"])
        }
    }

    @Test func privateTargetsPassWhenAllowed() async throws {
        let app = try await TestApplication(environment: ["MC_WEBHOOK_ALLOW_PRIVATE": "1"])
        try await app.test { client in
            let response = try await Self.create(client, #"{"name":"local","url":"http://127.0.0.1:9/x"}"#)
            #expect(response.status == .ok)
        }
    }

    @Test func updateRegeneratesTheSecretResetsTheCircuitAndDeleteRemovesDeliveries() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let created = try await Self.create(client, #"{"name":"A","url":"https://example.com/a"}"#)
            let id = try #require(created.json["id"] as? Int)
            try await app.dependencies.database.pool.write { db in
                try db.execute(sql: "UPDATE webhooks SET circuit_state = 'open', circuit_next_probe_at = unixepoch() + 300, consecutive_failures = 7")
            }
            let regenerated = try await S.send(client, .put, "/api/webhooks", #"{"id":\#(id),"regenerate_secret":true,"reset_circuit":true}"#)
            #expect((regenerated.json["secret"] as? String)?.count == 64)
            let listed = try await S.send(client, .get, "/api/webhooks")
            let hook = (listed.json["webhooks"] as? [[String: Any]])?.first
            #expect(hook?["circuit_open"] as? Bool == false)
            #expect(hook?["consecutive_failures"] as? Int == 0)
            let noID = try await S.send(client, .put, "/api/webhooks", #"{"name":"x"}"#)
            #expect(noID.json["error"] as? String == "Webhook ID is required")
            let missing = try await S.send(client, .put, "/api/webhooks", #"{"id":999,"name":"x"}"#)
            #expect(missing.status == .notFound)
            let nothing = try await S.send(client, .put, "/api/webhooks", #"{"id":\#(id)}"#)
            #expect(nothing.json["error"] as? String == "No fields to update")
            _ = try await S.send(client, .post, "/api/tasks", #"{"title":"makes a delivery"}"#)
            let deleted = try await S.send(client, .delete, "/api/webhooks", #"{"id":\#(id)}"#)
            #expect(deleted.json["success"] as? Bool == true)
            let left = try await S.rows(app.dependencies.database, "SELECT COUNT(*) AS n FROM webhook_deliveries")
            #expect(left.first?["n"] == 0)
        }
    }

    @Test func theOutboxWritesOneDeliveryPerChangeAndSubscription() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            _ = try await Self.create(client, #"{"name":"all","url":"https://example.com/all"}"#)
            _ = try await Self.create(client, #"{"name":"tasks","url":"https://example.com/t","events":["activity.task_created"]}"#)
            _ = try await Self.create(client, #"{"name":"off","url":"https://example.com/off","events":["*"]}"#)
            _ = try await S.send(client, .put, "/api/webhooks", #"{"id":3,"enabled":false}"#)
            _ = try await S.send(client, .post, "/api/tasks", #"{"title":"Deliver me"}"#)
            let rows = try await S.rows(
                app.dependencies.database, "SELECT webhook_id, event_type, status, payload FROM webhook_deliveries ORDER BY webhook_id")
            // One task creation: one delivery per enabled webhook, never the activity twin too.
            #expect(rows.map { $0["webhook_id"] } == [1, 2])
            #expect(rows.allSatisfy { $0["event_type"] == "activity.task_created" && $0["status"] == "pending" })
            #expect(rows.first?["payload"]?.stringValue?.contains("Deliver me") == true)
        }
    }

    @Test func verifyDocsExplainTheSignature() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let docs = try await S.send(client, .get, "/api/webhooks/verify-docs")
            #expect(docs.json["algorithm"] as? String == "HMAC-SHA256")
            #expect(docs.json["header"] as? String == "X-MC-Signature")
            #expect((docs.json["verification_steps"] as? [String])?.count == 6)
        }
    }

    @Test func testAndRetryWithoutADelivererAreQueued() async throws {
        let app = try await TestApplication(busClients: [])
        try await app.test { client in
            let created = try await Self.create(client, #"{"name":"A","url":"https://example.com/a"}"#)
            let id = try #require(created.json["id"] as? Int)
            let test = try await S.send(client, .post, "/api/webhooks/test", #"{"id":\#(id)}"#)
            #expect(test.status == .accepted)
            #expect(test.json["queued"] as? Bool == true)
            #expect((test.json["message"] as? String)?.contains("not running") == true)
            let deliveryID = try #require(test.json["delivery_id"] as? Int)
            let retry = try await S.send(client, .post, "/api/webhooks/retry", #"{"delivery_id":\#(deliveryID)}"#)
            #expect(retry.status == .accepted)
            let missing = try await S.send(client, .post, "/api/webhooks/test", #"{"id":999}"#)
            #expect(missing.json["error"] as? String == "Webhook not found")
            let history = try await S.send(client, .get, "/api/webhooks/deliveries?webhook_id=\(id)")
            let delivery = (history.json["deliveries"] as? [[String: Any]])?.first
            #expect(delivery?["event_type"] as? String == "test.ping")
            #expect(delivery?["attempt"] as? Int == 1)
            #expect(delivery?["webhook_name"] as? String == "A")
        }
    }
}
