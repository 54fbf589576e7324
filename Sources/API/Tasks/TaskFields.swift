import MCShared

/// The validated fields of a task create or update (the original's createTaskSchema and
/// updateTaskSchema). On update every field is optional and a present field is applied; on
/// create the schema's defaults fill the gaps.
struct TaskFields: Sendable {
    var title: String?
    var description: String??
    var status: String?
    var priority: String?
    var projectID: Int64?
    /// `.some(nil)` clears the assignee (update only).
    var assignedTo: String??
    var dueDate: Int64??
    var estimatedHours: Double??
    var actualHours: Double??
    var outcome: String??
    var errorMessage: String??
    var resolution: String??
    var feedbackNotes: String??
    var feedbackRating: Int64??
    var retryCount: Int64?
    var completedAt: Int64??
    var tags: [String]?
    var metadata: JSONValue?

    /// Latest accepted unix time: 2100-01-01.
    static let maximumTimestamp = 4_102_444_800.0

    /// Validates `body`; `creating` applies the create schema's required title and defaults.
    /// `created_by` is checked for length but ignored: the creator is the caller (quirk 13).
    init(_ body: [String: JSONValue], creating: Bool) throws {
        var check = FieldValidator(body)
        let nullable = !creating
        title = check.string("title", min: 1, max: 500, required: creating, minMessage: "Title is required")
        description = Self.optional(body["description"] != nil) {
            check.string("description", max: 5000, nullable: nullable)
        }
        status = check.option("status", TaskRules.statuses) ?? (creating ? "inbox" : nil)
        priority = check.option("priority", TaskRules.priorities) ?? (creating ? "medium" : nil)
        projectID = check.number("project_id", min: 0, integer: true, exclusiveMinimum: true).map { Int64($0) }
        assignedTo = Self.optional(body["assigned_to"] != nil) { check.string("assigned_to", max: 100, nullable: true) }
        _ = check.string("created_by", max: 100, nullable: true)
        dueDate = Self.optional(body["due_date"] != nil) {
            check.number("due_date", min: 0, max: Self.maximumTimestamp, integer: true, nullable: nullable).map { Int64($0) }
        }
        estimatedHours = Self.optional(body["estimated_hours"] != nil) {
            check.number("estimated_hours", min: 0, max: 10000, nullable: nullable)
        }
        actualHours = Self.optional(body["actual_hours"] != nil) {
            check.number("actual_hours", min: 0, max: 10000, nullable: nullable)
        }
        outcome = Self.optional(body["outcome"] != nil) { check.option("outcome", TaskRules.outcomes, nullable: nullable) }
        errorMessage = Self.optional(body["error_message"] != nil) {
            check.string("error_message", max: 5000, nullable: nullable)
        }
        resolution = Self.optional(body["resolution"] != nil) { check.string("resolution", max: 5000, nullable: nullable) }
        feedbackNotes = Self.optional(body["feedback_notes"] != nil) {
            check.string("feedback_notes", max: 5000, nullable: nullable)
        }
        feedbackRating = Self.optional(body["feedback_rating"] != nil) {
            check.number("feedback_rating", min: 1, max: 5, integer: true, nullable: nullable).map { Int64($0) }
        }
        retryCount = check.number("retry_count", min: 0, integer: true).map { Int64($0) }
        completedAt = Self.optional(body["completed_at"] != nil) {
            check.number("completed_at", max: Self.maximumTimestamp, integer: true, nullable: nullable).map { Int64($0) }
        }
        tags = Self.tags(body["tags"], &check) ?? (creating ? [] : nil)
        // Spelled out: a bare `nil` here would become `JSONValue.null` (it is nil-literal expressible).
        metadata = Self.metadata(body["metadata"], &check) ?? (creating ? JSONValue.object([:]) : Optional<JSONValue>.none)
        try check.check()
    }

    /// True when the update names no field at all (the original answers `unchanged: true`).
    var isEmpty: Bool {
        title == nil && description == nil && status == nil && priority == nil && projectID == nil && assignedTo == nil
            && dueDate == nil && estimatedHours == nil && actualHours == nil && outcome == nil && errorMessage == nil
            && resolution == nil && feedbackNotes == nil && feedbackRating == nil && retryCount == nil
            && completedAt == nil && tags == nil && metadata == nil
    }

    /// `.some(value)` when the field was sent (value nil for an explicit null), nil when absent.
    private static func optional<T>(_ present: Bool, _ read: () -> T?) -> T?? {
        guard present else { return Optional<T?>.none }
        return Optional<T?>.some(read())
    }

    private static func tags(_ value: JSONValue?, _ check: inout FieldValidator) -> [String]? {
        guard let value else { return nil }
        guard case .array(let items) = value else {
            check.issue("tags", "Invalid input: expected array, received \(FieldValidator.typeName(value))")
            return nil
        }
        if items.count > 50 { check.issue("tags", "Too big: expected array to have <=50 items") }
        var tags: [String] = []
        for (index, item) in items.enumerated() {
            let wrapper = ["tag": item]
            if let tag = check.string("tag", min: 1, max: 100, required: true, path: "tags.\(index)", in: wrapper) {
                tags.append(tag)
            }
        }
        return tags
    }

    private static func metadata(_ value: JSONValue?, _ check: inout FieldValidator) -> JSONValue? {
        guard let value else { return nil }
        guard case .object(let members) = value else {
            check.issue("metadata", "Invalid input: expected record, received \(FieldValidator.typeName(value))")
            return nil
        }
        _ = check.string("implementation_repo", min: 1, max: 200, path: "metadata.implementation_repo", in: members)
        _ = check.string("code_location", min: 1, max: 500, path: "metadata.code_location", in: members)
        return value
    }
}
