import MCShared

/// Which webhook events a committed bus event produces (reference mc-background §1.2), with the
/// original's duplicates removed: one canonical event per change.
///
/// | bus event | webhook event type(s), most specific first | `*` gets |
/// |---|---|---|
/// | `task.created` | `activity.task_created` (data: the full task) | it |
/// | `task.updated` | `activity.task_updated` | it |
/// | `task.deleted` | `activity.task_deleted` | it |
/// | `task.status_changed` | `activity.task_status_changed` | it |
/// | `agent.status_changed`, status `error` | `agent.error`, `agent.status_change` | `agent.status_change` |
/// | `agent.status_changed`, other status | `agent.status_change` | it |
/// | `agent.status_changed` with `source: "heartbeat"` | as above | nothing (noisy) |
/// | `activity.created` | `activity.<data.type>` | it, unless noisy |
/// | `notification.created` | `notification.<data.type>` | it, unless noisy |
/// | `audit.security` | `security.<data.action>` | it |
/// | anything else | nothing | — |
///
/// Twins: the original delivered a task creation twice (`task.created` → `activity.task_created`
/// and the `task_created` activity → `activity.task_created` again, with other data) and an
/// agent going offline twice. Here the events of one transaction are grouped by what they are
/// about (`changes(in:)`): an activity `task_created|task_updated|task_deleted|task_status_changed`
/// about a task that also has a `task.*` event in the same transaction, or an activity
/// `agent_status_change` about an agent that also has an `agent.status_changed` event, joins that
/// change as an alternative type (delivered only to webhooks that name it, and only when they
/// name none of the change's earlier types); several `task.*` events about one task are one
/// change too. An activity without such a partner is delivered on its own, as before.
///
/// Noisy types go only to webhooks that name them, never to `*`: `activity.agent_heartbeat`,
/// `notification.heartbeat` (the liveness sweep's "agent offline" note to `system`, a twin of its
/// `agent.status_change`), and `agent.status_change` / `agent.error` for a status change carried
/// by an agent's own heartbeat, which mc-api marks with `source: "heartbeat"` in the payload.
///
/// Each webhook gets at most one event per change (`WebhookChange.event(for:)`).
public enum WebhookEventMapping {
    /// The subscription that matches every non-noisy type.
    public static let wildcard = "*"
    /// The manual test event (`POST /api/webhooks/test`).
    public static let testEventType = "test.ping"
    /// The event types offered by the original's picker.
    public static let pickerTypes = [
        "*", "agent.error", "agent.status_change", "security.login_failed", "security.user_created",
        "security.user_deleted", "security.password_change", "notification.mention", "notification.assignment",
        "activity.task_created", "activity.task_updated",
    ]
    /// Types never sent to `*`, only to webhooks that name them.
    public static let noisyTypes: Set<String> = ["activity.agent_heartbeat", "notification.heartbeat"]

    /// The `task.*` bus events and the webhook types they map to.
    static let taskEventTypes = [
        "task.created": "activity.task_created", "task.updated": "activity.task_updated",
        "task.deleted": "activity.task_deleted", "task.status_changed": "activity.task_status_changed",
    ]
    /// Activity types that repeat a `task.*` event about the same task.
    static let taskTwinActivities: Set<String> = [
        "task_created", "task_updated", "task_deleted", "task_status_changed",
    ]
    /// The activity type that repeats an `agent.status_changed` event about the same agent.
    static let agentTwinActivity = "agent_status_change"

    /// The webhook events one bus event maps to on its own, most specific first (no twin
    /// removal: see `changes(in:)`). Empty for bus events that are not delivered.
    public static func candidates(for event: WebhookSourceEvent) -> [WebhookEventCandidate] {
        let data = event.payload
        func candidate(_ type: String, wildcard: Bool = true) -> WebhookEventCandidate {
            WebhookEventCandidate(type: type, data: data, matchesWildcard: wildcard && !noisyTypes.contains(type))
        }
        if let type = taskEventTypes[event.type] { return [candidate(type)] }
        switch event.type {
        case "agent.status_changed":
            let fromHeartbeat = data["source"]?.stringValue == "heartbeat"
            let change = candidate("agent.status_change", wildcard: !fromHeartbeat)
            return data["status"]?.stringValue == "error"
                ? [candidate("agent.error", wildcard: false), change] : [change]
        case "activity.created":
            return name(data["type"]).map { [candidate("activity.\($0)")] } ?? []
        case "notification.created":
            return name(data["type"]).map { [candidate("notification.\($0)")] } ?? []
        case "audit.security":
            return name(data["action"]).map { [candidate("security.\($0)")] } ?? []
        default:
            return []
        }
    }

    /// A non-empty string field, the variable part of a type name.
    private static func name(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }
}
