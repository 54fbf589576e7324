import MCShared

extension WebhookEventMapping {
    /// The changes one committed transaction's events stand for, in order of first appearance,
    /// each listing the webhook event types it can be delivered as (see the table on
    /// `WebhookEventMapping` for how twins are grouped). Bus events that are not delivered
    /// produce nothing. mc-api calls this with the events of one write, then asks each enabled
    /// webhook of the workspace `change.event(for: webhook.events)` to fill the outbox.
    public static func changes(in events: [WebhookSourceEvent]) -> [WebhookChange] {
        let canonicalSubjects = Set(events.compactMap(canonicalSubject))
        var groups: [(canonical: [WebhookEventCandidate], twins: [WebhookEventCandidate])] = []
        var groupBySubject: [String: Int] = [:]
        func group(for subject: String?) -> Int {
            if let subject, let index = groupBySubject[subject] { return index }
            groups.append(([], []))
            if let subject { groupBySubject[subject] = groups.count - 1 }
            return groups.count - 1
        }
        for event in events {
            let candidates = candidates(for: event)
            guard !candidates.isEmpty else { continue }
            if let subject = canonicalSubject(event) {
                let index = group(for: subject)
                groups[index].canonical += candidates
            } else if let subject = twinSubject(event), canonicalSubjects.contains(subject) {
                let index = group(for: subject)
                groups[index].twins += candidates.map {
                    WebhookEventCandidate(type: $0.type, data: $0.data, matchesWildcard: false)
                }
            } else {
                let index = group(for: nil)
                groups[index].canonical += candidates
            }
        }
        return groups.map { WebhookChange(candidates: $0.canonical + $0.twins) }
    }

    /// What a canonical event is about: `task:<id>` for `task.*`, `agent:<id>` for
    /// `agent.status_changed`; nil for other events.
    static func canonicalSubject(_ event: WebhookSourceEvent) -> String? {
        guard let id = identifier(event.payload["id"]) else { return nil }
        if taskEventTypes[event.type] != nil { return "task:\(id)" }
        if event.type == "agent.status_changed" { return "agent:\(id)" }
        return nil
    }

    /// What a twin activity is about, in the same form; nil for every other event.
    static func twinSubject(_ event: WebhookSourceEvent) -> String? {
        let data = event.payload
        guard event.type == "activity.created", let type = data["type"]?.stringValue,
            let entity = data["entity_type"]?.stringValue, let id = identifier(data["entity_id"])
        else { return nil }
        if entity == "task", taskTwinActivities.contains(type) { return "task:\(id)" }
        if entity == "agent", type == agentTwinActivity { return "agent:\(id)" }
        return nil
    }

    /// An id written as a whole number or a string.
    private static func identifier(_ value: JSONValue?) -> String? {
        if let number = value?.intValue { return String(number) }
        if let text = value?.stringValue, !text.isEmpty { return text }
        return nil
    }
}
