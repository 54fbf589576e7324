/// When the deliverer leases next if nothing wakes it: at `next_due_at`, but never sooner than
/// `minimum` ahead (so a due-but-held-back delivery, for example one over its webhook's
/// per-webhook limit, cannot make the loop spin) and never later than `safety` (so a lost
/// `webhooks.due` costs at most that). Pure, so the rule is tested without waiting.
struct WebhookWakePlan: Sendable, Hashable {
    var minimum: Duration
    var safety: Duration

    /// The wait before the next lease, given the last answer's `next_due_at` (unix seconds) and
    /// the time now (unix seconds, fractional).
    func delay(nextDueAt: Int64?, now: Double) -> Duration {
        guard let nextDueAt else { return safety }
        let untilDue = Duration.milliseconds(Int64(((Double(nextDueAt) - now) * 1000).rounded(.up)))
        return min(max(untilDue, minimum), safety)
    }
}
