/// The branch a task's work goes on (reference §7.2 `/api/tasks/{id}/branch`):
/// `feat/<prefix lowercased>-<ticket number or task id>-<slug of the title>`, at most 60
/// characters, never ending in `-`.
enum TaskBranchName {
    /// Longest branch name.
    static let maximumLength = 60

    /// The branch name for a task.
    static func make(prefix: String?, number: Int64, title: String) -> String {
        let cleanPrefix = slug(prefix ?? "")
        let head = "feat/\(cleanPrefix.isEmpty ? "task" : cleanPrefix)-\(number)-"
        let room = max(maximumLength - head.count, 1)
        var titleSlug = String(slug(title).prefix(room))
        while titleSlug.hasSuffix("-") { titleSlug.removeLast() }
        let name = head + (titleSlug.isEmpty ? "untitled" : titleSlug)
        var trimmed = String(name.prefix(maximumLength))
        while trimmed.hasSuffix("-") { trimmed.removeLast() }
        return trimmed
    }

    /// Lowercase ASCII letters and digits, every other run as one `-`, no `-` at either end.
    static func slug(_ text: String) -> String {
        var result = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9":
                if pendingDash, !result.isEmpty { result.append("-") }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            default:
                pendingDash = true
            }
        }
        return result
    }
}
