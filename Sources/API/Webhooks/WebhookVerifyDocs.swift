import MCShared

/// `GET /api/webhooks/verify-docs` (reference mc-background §1.7): how a receiver checks a
/// delivery — the original's keys, plus the Standard Webhooks scheme this server also sends.
enum WebhookVerifyDocs {
    static let document: JSONValue = [
        "algorithm": "HMAC-SHA256",
        "header": "X-MC-Signature",
        "format": "sha256=<hex-digest>",
        "description":
            "Every delivery of a webhook with a secret carries X-MC-Signature: the HMAC-SHA256 of the raw request body keyed with the webhook's secret, as lowercase hex after 'sha256='.",
        "verification_steps": [
            "1. Read the raw request body as bytes (UTF-8 JSON); do not parse and re-serialize it first.",
            "2. Read the X-MC-Signature header.",
            "3. Compute HMAC-SHA256 of the raw body with your webhook secret as the key.",
            "4. Prefix the lowercase hex digest with 'sha256='.",
            "5. Compare it with the header in constant time.",
            "6. Reject the request when they differ.",
        ],
        "example_nodejs": """
            const crypto = require('crypto');
            function verify(rawBody, header, secret) {
              const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(rawBody).digest('hex');
              const a = Buffer.from(expected), b = Buffer.from(header || '');
              return a.length === b.length && crypto.timingSafeEqual(a, b);
            }
            """,
        "replay_protection": [
            "headers": ["webhook-id", "webhook-timestamp", "webhook-signature"],
            "format": "v1,<base64 HMAC-SHA256 of '<webhook-id>.<webhook-timestamp>.<raw body>'>",
            "description":
                "Standard Webhooks headers: reject a timestamp more than 5 minutes from your clock, and a webhook-id you have already processed (it is the same on every retry of one delivery).",
        ],
    ]
}
