import MCShared

/// One leased delivery, as `webhooks.lease` hands it out: what to send, where, and the lease
/// token that makes the report count.
struct WebhookLease: Sendable, Hashable {
    var deliveryID: Int64
    var lease: String
    var webhookID: Int64
    var url: String
    /// The webhook's secret in clear; nil when it has none. Never logged.
    var secret: String?
    var eventType: String
    var data: JSONValue
    /// The `webhook-id` header: the same on every attempt of this delivery.
    var deliveryUID: String
    var attempt: Int
    /// Whether this attempt is the breaker's half-open probe.
    var probe: Bool

    /// Reads one entry of `deliveries`; nil when a required field is missing.
    init?(json: JSONValue) {
        guard let id = json["delivery_id"]?.intValue, let lease = json["lease"]?.stringValue,
            let webhookID = json["webhook_id"]?.intValue, let url = json["url"]?.stringValue,
            let eventType = json["event_type"]?.stringValue, let uid = json["delivery_uid"]?.stringValue
        else { return nil }
        self.init(
            deliveryID: Int64(id), lease: lease, webhookID: Int64(webhookID), url: url, secret: json["secret"]?.stringValue,
            eventType: eventType, data: json["data"] ?? .null, deliveryUID: uid, attempt: json["attempt"]?.intValue ?? 0,
            probe: json["probe"]?.boolValue ?? false)
    }

    init(
        deliveryID: Int64, lease: String, webhookID: Int64, url: String, secret: String?, eventType: String,
        data: JSONValue, deliveryUID: String, attempt: Int = 0, probe: Bool = false
    ) {
        self.deliveryID = deliveryID
        self.lease = lease
        self.webhookID = webhookID
        self.url = url
        self.secret = secret
        self.eventType = eventType
        self.data = data
        self.deliveryUID = deliveryUID
        self.attempt = attempt
        self.probe = probe
    }
}

/// The answer to one lease request.
struct WebhookLeaseBatch: Sendable {
    /// The deliveries now leased to this worker.
    var deliveries: [WebhookLease]
    /// Unix seconds when the next delivery falls due (including leases that may expire); nil
    /// when nothing is waiting.
    var nextDueAt: Int64?

    init(deliveries: [WebhookLease], nextDueAt: Int64?) {
        self.deliveries = deliveries
        self.nextDueAt = nextDueAt
    }

    /// Reads `{deliveries, next_due_at}`; malformed entries are skipped (their leases expire).
    init(json: JSONValue) {
        deliveries = (json["deliveries"]?.arrayValue ?? []).compactMap(WebhookLease.init(json:))
        nextDueAt = json["next_due_at"]?.intValue.map(Int64.init)
    }
}

/// The result of one attempt, as `webhooks.report` takes it.
struct WebhookAttemptReport: Sendable, Hashable {
    var deliveryID: Int64
    var lease: String
    var statusCode: Int?
    /// A short reason ("Timeout (10s)", "Redirect refused (302)", "Refused: …"); nil on a
    /// response that was received (mc-api judges the status code).
    var error: String?
    var durationMs: Int64
    var responseBody: String?

    /// Whether the receiver accepted the delivery (2xx and no error).
    var succeeded: Bool { error == nil && (200...299).contains(statusCode ?? 0) }

    /// The request body of `webhooks.report`.
    var json: JSONValue {
        var body: [String: JSONValue] = [
            "delivery_id": .number(Double(deliveryID)), "lease": .string(lease),
            "duration_ms": .number(Double(durationMs)),
        ]
        if let statusCode { body["status_code"] = .number(Double(statusCode)) }
        if let error { body["error"] = .string(error) }
        if let responseBody { body["response_body"] = .string(responseBody) }
        return .object(body)
    }
}
