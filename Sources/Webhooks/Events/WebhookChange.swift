import MCShared

/// A bus event as mc-api stores it in its event log: the type (`task.created`) and payload.
public struct WebhookSourceEvent: Sendable, Hashable {
    /// The bus event type.
    public var type: String
    /// Its payload (the `data` a webhook receives).
    public var payload: JSONValue

    /// A bus event.
    public init(type: String, payload: JSONValue) {
        self.type = type
        self.payload = payload
    }
}

/// One webhook event type a change can be delivered as, with the data it carries.
public struct WebhookEventCandidate: Sendable, Hashable {
    /// The webhook event type (`activity.task_created`).
    public let type: String
    /// The body's `data`.
    public let data: JSONValue
    /// Whether a `*` subscription receives it. False for noisy types and for the alternative
    /// spellings of a change (its twins): those go only to webhooks that name them.
    public let matchesWildcard: Bool

    /// A candidate.
    public init(type: String, data: JSONValue, matchesWildcard: Bool) {
        self.type = type
        self.data = data
        self.matchesWildcard = matchesWildcard
    }
}

/// One change (one task created, one agent's status changed, ...) and the webhook event types
/// it can be delivered as, most specific first. A webhook receives at most ONE of them, so a
/// receiver never gets the same change twice under two names.
public struct WebhookChange: Sendable, Hashable {
    /// The types this change can be delivered as, in order of preference.
    public let candidates: [WebhookEventCandidate]

    /// A change; candidates with a type already listed are dropped (the first one wins).
    public init(candidates: [WebhookEventCandidate]) {
        var seen = Set<String>()
        self.candidates = candidates.filter { seen.insert($0.type).inserted }
    }

    /// The event a webhook subscribed to `subscriptions` receives for this change: the first
    /// candidate it names exactly; otherwise, when it subscribes to `*`, the first candidate
    /// that matches the wildcard; otherwise nil. There are no prefix wildcards (`activity.*`),
    /// as in the original.
    public func event(for subscriptions: [String]) -> WebhookEventCandidate? {
        if let named = candidates.first(where: { subscriptions.contains($0.type) }) { return named }
        guard subscriptions.contains(WebhookEventMapping.wildcard) else { return nil }
        return candidates.first(where: \.matchesWildcard)
    }
}
