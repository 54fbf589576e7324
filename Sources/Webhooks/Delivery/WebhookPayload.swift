import MCShared

/// The body of one delivery attempt, as the original sends it (reference mc-background §1.3):
/// `{"data": <event data>, "event": <webhook event type>, "timestamp": <unix seconds at send>}`.
///
/// The text comes from `JSONValue`'s one serializer: compact, keys sorted, one spelling per
/// number, so the bytes that are signed, sent and stored as `webhook_deliveries.payload` are
/// the same everywhere. As in the original, `timestamp` is the time of the attempt, so each
/// retry's body (and so its signatures) differs; the `webhook-id` header stays the same.
public struct WebhookPayload: Sendable, Hashable {
    /// The webhook event type (`activity.task_created`, `test.ping`, ...).
    public var event: String
    /// Unix seconds when this attempt was built.
    public var timestamp: Int64
    /// The event's data object.
    public var data: JSONValue

    /// A payload for one attempt.
    public init(event: String, timestamp: Int64, data: JSONValue) {
        self.event = event
        self.timestamp = timestamp
        self.data = data
    }

    /// Reads a stored body back (for a retry, which re-sends `data` under a new timestamp);
    /// nil when it is not an object with a string `event` and a whole-number `timestamp`.
    public init?(body: [UInt8]) {
        guard let value = try? JSONValue.parse(body), let event = value["event"]?.stringValue,
            let timestamp = value["timestamp"]?.intValue
        else { return nil }
        self.init(event: event, timestamp: Int64(timestamp), data: value["data"] ?? .null)
    }

    /// The payload as a JSON value.
    public var json: JSONValue {
        ["event": .string(event), "timestamp": .number(Double(timestamp)), "data": data]
    }

    /// The exact bytes to sign, send and store.
    public var body: [UInt8] { json.jsonBytes }
}
