/// The task domain rules that need no I/O: the accepted values, status normalisation and the
/// review gate (reference §6 tasks, §7.2 "Task semantics").
enum TaskRules {
    /// The original's statuses plus `todo`, so every column of the dashboard board
    /// (inbox → backlog → todo → in_progress → review → done) can hold tasks.
    static let statuses = [
        "backlog", "inbox", "todo", "assigned", "awaiting_owner", "in_progress", "review", "quality_review", "done",
        "failed",
    ]
    /// The original's zod enum plus `urgent`, which its types, standup and workload already use
    /// (quirk 14).
    static let priorities = ["critical", "urgent", "high", "medium", "low"]
    static let outcomes = ["success", "failed", "partial", "abandoned"]

    /// The status a new task is stored with: an assigned inbox task is `assigned`.
    static func creationStatus(_ requested: String, assignee: String?) -> String {
        requested == "inbox" && !(assignee ?? "").isEmpty ? "assigned" : requested
    }

    /// The status after an update. An explicit status wins; otherwise a change of assignee moves
    /// an inbox task to `assigned` and an `assigned` task whose assignee is cleared back to
    /// `inbox`.
    static func updatedStatus(current: String, requested: String?, assigneeSupplied: Bool, newAssignee: String?)
        -> String
    {
        if let requested { return requested }
        guard assigneeSupplied else { return current }
        let assigned = !(newAssignee ?? "").isEmpty
        if current == "inbox", assigned { return "assigned" }
        if current == "assigned", !assigned { return "inbox" }
        return current
    }

    /// Whether a move from `current` to `target` may happen given the latest quality review's
    /// status (nil when the task has none): entering `done` needs an approval.
    static func reviewGateAllows(current: String, target: String, latestReview: String?) -> Bool {
        target != "done" || current == "done" || latestReview == "approved"
    }

    /// `PREFIX-007`: the project prefix and the number padded to at least three digits; nil
    /// when either is missing.
    static func ticketRef(prefix: String?, number: Int64?) -> String? {
        guard let prefix, !prefix.isEmpty, let number, number > 0 else { return nil }
        let digits = String(number)
        return prefix + "-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// The 403 of the review gate on single updates.
    static let reviewGateMessage = "Aegis approval is required to move task to done."
    /// The 403 of agent self-scoping (reference §1).
    static let agentScopeMessage = "Access denied: agent key may only access its own tasks."
}
