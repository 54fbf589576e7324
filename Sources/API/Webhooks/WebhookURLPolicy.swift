import HTTPTypes
import MCWebhooks

/// The SSRF guard's static check for URLs given to the API (create, update), turned into the
/// API's 400s. The deliverer checks again, with name resolution, before every attempt.
struct WebhookURLPolicy: Sendable {
    let guardrail: WebhookTargetGuard

    /// The URL when it passes; otherwise 400 "Invalid URL" or the guard's reason.
    func check(_ url: String) throws -> String {
        do {
            return try guardrail.check(url: url).url
        } catch {
            if error.reason == .invalidURL { throw APIError(.badRequest, "Invalid URL") }
            let reason = error.message.hasPrefix("Refused: ") ? String(error.message.dropFirst(9)) : error.message
            if case .blocked = error.reason {
                throw APIError(.badRequest, "Webhook URL cannot point to internal or private services: \(reason)")
            }
            throw APIError(.badRequest, "Invalid webhook URL: \(reason)")
        }
    }
}
