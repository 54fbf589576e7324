/// The headers of one delivery attempt, in the order they are sent.
///
/// | header | value | when |
/// |---|---|---|
/// | `Content-Type` | `application/json` | always |
/// | `User-Agent` | `MissionControl-Webhook/1.0` (the original's) | always |
/// | `X-MC-Event` | the webhook event type | always |
/// | `webhook-id` | the delivery's id, the same on every retry of it | always |
/// | `webhook-timestamp` | unix seconds of this attempt | always |
/// | `X-MC-Signature` | `sha256=<hex>` (see `WebhookSignature`) | the webhook has a secret |
/// | `webhook-signature` | `v1,<base64>` (Standard Webhooks) | the webhook has a secret |
///
/// `webhook-id` lets a receiver drop duplicates (an attempt whose result never reached mc-api
/// is sent again); `webhook-timestamp`, being signed, lets it refuse replays of old requests.
public enum WebhookRequestHeaders {
    /// The original's `User-Agent`.
    public static let userAgent = "MissionControl-Webhook/1.0"
    /// The body's media type.
    public static let contentType = "application/json"

    /// The headers for sending `body` (built by `WebhookPayload` for `event`) as the delivery
    /// `deliveryID` at `timestamp`, signed when `secret` is non-empty.
    public static func build(
        event: String, body: [UInt8], secret: String?, deliveryID: String, timestamp: Int64
    ) -> [WebhookHeader] {
        var headers = [
            WebhookHeader(name: "Content-Type", value: contentType),
            WebhookHeader(name: "User-Agent", value: userAgent),
            WebhookHeader(name: "X-MC-Event", value: event),
            WebhookHeader(name: "webhook-id", value: deliveryID),
            WebhookHeader(name: "webhook-timestamp", value: String(timestamp)),
        ]
        if let secret, !secret.isEmpty {
            headers.append(
                WebhookHeader(name: "X-MC-Signature", value: WebhookSignature.mcSignature(secret: secret, body: body)))
            headers.append(
                WebhookHeader(
                    name: "webhook-signature",
                    value: WebhookSignature.standardSignature(
                        secret: secret, id: deliveryID, timestamp: timestamp, body: body)))
        }
        return headers
    }

}
