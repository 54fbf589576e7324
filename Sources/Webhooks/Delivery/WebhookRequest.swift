/// Everything the deliverer sends for one attempt: the body bytes and the headers that sign
/// them, built together so the signed bytes are exactly the sent bytes.
public struct WebhookRequest: Sendable, Hashable {
    /// The JSON body (also what is stored as the delivery's `payload`).
    public let body: [UInt8]
    /// Header names and values, in sending order (see `WebhookRequestHeaders`).
    public let headers: [WebhookHeader]

    /// The attempt `payload` (whose `timestamp` is this attempt's time) of delivery
    /// `deliveryID`, signed when `secret` is non-empty.
    public init(payload: WebhookPayload, secret: String?, deliveryID: String) {
        let body = payload.body
        self.body = body
        self.headers = WebhookRequestHeaders.build(
            event: payload.event, body: body, secret: secret, deliveryID: deliveryID, timestamp: payload.timestamp)
    }

    /// The value of the header `name` (compared case-insensitively), if present.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// One request header.
public struct WebhookHeader: Sendable, Hashable {
    /// The header's name as sent.
    public let name: String
    /// Its value.
    public let value: String

    /// A header.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
