import MCShared
import MCWebhooks
import Testing

@Suite struct WebhookPayloadTests {
    let payload = WebhookPayload(
        event: "activity.task_created", timestamp: 1_700_000_000,
        data: ["title": "Grüße 🚀", "id": 7, "tags": ["a", "b"], "workspace_id": 1])

    @Test func bodyIsCompactSortedJSON() {
        let text = String(decoding: payload.body, as: UTF8.self)
        #expect(
            text
                == #"{"data":{"id":7,"tags":["a","b"],"title":"Grüße 🚀","workspace_id":1},"event":"activity.task_created","timestamp":1700000000}"#
        )
    }

    @Test func storedBodyReadsBack() {
        #expect(WebhookPayload(body: payload.body) == payload)
        #expect(WebhookPayload(body: Array("{}".utf8)) == nil)
        #expect(WebhookPayload(body: Array("not json".utf8)) == nil)
        #expect(WebhookPayload(body: Array(#"{"event":"x","timestamp":1.5,"data":{}}"#.utf8)) == nil)
        #expect(WebhookPayload(body: Array(#"{"event":"x","timestamp":1}"#.utf8))?.data == .null)
    }

    @Test func signedRequestHeaders() {
        let request = WebhookRequest(payload: payload, secret: "s3cret", deliveryID: "msg_12_3")
        #expect(request.body == payload.body)
        #expect(
            request.headers.map(\.name) == [
                "Content-Type", "User-Agent", "X-MC-Event", "webhook-id", "webhook-timestamp", "X-MC-Signature",
                "webhook-signature",
            ])
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("User-Agent") == "MissionControl-Webhook/1.0")
        #expect(request.header("X-MC-Event") == "activity.task_created")
        #expect(request.header("webhook-id") == "msg_12_3")
        #expect(request.header("webhook-timestamp") == "1700000000")
        #expect(request.header("X-MC-Signature") == WebhookSignature.mcSignature(secret: "s3cret", body: payload.body))
        #expect(
            request.header("webhook-signature")
                == WebhookSignature.standardSignature(
                    secret: "s3cret", id: "msg_12_3", timestamp: 1_700_000_000, body: payload.body))
    }

    @Test(arguments: [nil, ""] as [String?])
    func unsignedWithoutASecret(secret: String?) {
        let request = WebhookRequest(payload: payload, secret: secret, deliveryID: "msg_1")
        #expect(request.header("X-MC-Signature") == nil)
        #expect(request.header("webhook-signature") == nil)
        #expect(request.header("webhook-id") == "msg_1")
    }

    @Test func retriesKeepTheIdButSignANewTimestamp() {
        var retry = payload
        retry.timestamp += 30
        let first = WebhookRequest(payload: payload, secret: "k", deliveryID: "msg_9")
        let second = WebhookRequest(payload: retry, secret: "k", deliveryID: "msg_9")
        #expect(first.header("webhook-id") == second.header("webhook-id"))
        #expect(first.header("webhook-signature") != second.header("webhook-signature"))
        #expect(first.header("X-MC-Signature") != second.header("X-MC-Signature"))
    }
}

@Suite struct WebhookSettingsTests {
    @Test func defaults() throws {
        let settings = try WebhookSettings(environment: EnvironmentReader([:]))
        #expect(settings.retrySchedule.maxAttempts == 5)
        #expect(!settings.allowPrivate)
        #expect(!settings.targetGuard.allowPrivate)
    }

    @Test(arguments: ["1", "10"]) func maxRetriesAtTheLimits(value: String) throws {
        let settings = try WebhookSettings(environment: EnvironmentReader(["MC_WEBHOOK_MAX_RETRIES": value]))
        #expect(settings.retrySchedule.maxAttempts == Int(value))
    }

    @Test(arguments: ["0", "11", "five"]) func maxRetriesPastTheLimits(value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            _ = try WebhookSettings(environment: EnvironmentReader(["MC_WEBHOOK_MAX_RETRIES": value]))
        }
        #expect(
            error?.description
                == "invalid configuration: MC_WEBHOOK_MAX_RETRIES: expected a whole number from 1 to 10, got '\(value)'"
        )
    }

    @Test func allowPrivateFlag() throws {
        let settings = try WebhookSettings(environment: EnvironmentReader(["MC_WEBHOOK_ALLOW_PRIVATE": "1"]))
        #expect(settings.allowPrivate && settings.targetGuard.allowPrivate)
        #expect(throws: ConfigurationError.self) {
            _ = try WebhookSettings(environment: EnvironmentReader(["MC_WEBHOOK_ALLOW_PRIVATE": "maybe"]))
        }
    }
}
