import Foundation
import GRDB
import HTTPTypes
import MCShared

/// A task's GitHub branch and pull request (reference §7.2 `/api/tasks/{id}/branch`): the
/// branch is created from the project's default branch, the PR opened from it, and both are
/// stored on the task (`github_branch`, `github_pr_*`); every change is a `task_updated`
/// activity and a `task.updated` event carrying the full task.
struct TaskBranchService: Sendable {
    let database: EventedDatabase
    let github: GitHubSettings

    /// What the routes need of a task and its project.
    struct TaskLink: Sendable {
        var id: Int64
        var workspaceID: Int64
        var title: String
        var assignee: String?
        var ticketNumber: Int64?
        var ticketRef: String?
        var prefix: String?
        var repo: String?
        var defaultBranch: String
        var branch: String?
        var prNumber: Int64?
        var prState: String?
        var prURL: String?
    }

    /// The stored branch and PR, refreshed from GitHub first: a stored PR's state, or, for a
    /// branch without a known PR, a PR opened from it elsewhere (on GitHub itself). When GitHub
    /// cannot be asked, the stored values are returned.
    func status(taskID: Int64, identity: Identity) async throws -> JSONValue {
        var link = try await load(taskID, identity)
        if let repo = link.repo, Self.isValidRepo(repo), let client = github.client,
            let pr = await Self.currentPullRequest(link, repo: repo, client: client),
            pr.number != link.prNumber || pr.state != link.prState || (pr.url != nil && pr.url != link.prURL)
        {
            link.prNumber = pr.number
            link.prState = pr.state
            link.prURL = pr.url ?? link.prURL
            try await store(
                link,
                [
                    ("github_pr_number", pr.number.databaseValue), ("github_pr_state", pr.state.databaseValue),
                    ("github_pr_url", link.prURL?.databaseValue ?? .null),
                ], activity: nil)
        }
        return [
            "branch": Self.json(link.branch), "pr_number": link.prNumber.map { .number(Double($0)) } ?? .null,
            "pr_state": Self.json(link.prState), "pr_url": Self.json(link.prURL), "repo": Self.json(link.repo),
        ]
    }

    /// The task's PR as GitHub has it now; nil when there is none or GitHub fails.
    private static func currentPullRequest(_ link: TaskLink, repo: String, client: GitHubClient) async
        -> GitHubClient.PullRequest?
    {
        if let number = link.prNumber { return try? await client.pullRequest(repo: repo, number: number) }
        guard let branch = link.branch else { return nil }
        return (try? await client.pullRequest(repo: repo, branch: branch)) ?? nil
    }

    /// Creates the task's branch, or returns the one it already has.
    func createBranch(taskID: Int64, identity: Identity) async throws -> JSONValue {
        let link = try await load(taskID, identity)
        let repo = try Self.repo(link)
        if let branch = link.branch {
            return ["branch": .string(branch), "url": .string(Self.webURL(repo: repo, branch: branch))]
        }
        let client = try github.requireClient()
        let branch = TaskBranchName.make(prefix: link.prefix, number: link.ticketNumber ?? link.id, title: link.title)
        do throws(GitHubClient.Failure) {
            let sha = try await client.branchHead(repo: repo, branch: link.defaultBranch)
            // Already there (an earlier attempt that failed after GitHub created it): reuse it.
            _ = try await client.createBranch(repo: repo, branch: branch, sha: sha)
        } catch {
            throw error.apiError
        }
        try await store(
            link, [("github_branch", branch.databaseValue)],
            activity: (
                description: "Created branch \(branch) for task",
                data: ["branch": .string(branch), "repo": .string(repo)]
            ),
            actor: identity.username)
        return ["branch": .string(branch), "url": .string(Self.webURL(repo: repo, branch: branch))]
    }

    /// Opens a pull request from the task's branch (default title `<ticket>: <title>`, base the
    /// project's default branch).
    func openPullRequest(taskID: Int64, title: String?, body: String?, base: String?, identity: Identity) async throws
        -> JSONValue
    {
        let link = try await load(taskID, identity)
        let repo = try Self.repo(link)
        guard let branch = link.branch else { throw APIError(.badRequest, "Task has no branch yet; create one first") }
        let client = try github.requireClient()
        let prTitle = title.flatMap { $0.isEmpty ? nil : $0 } ?? (link.ticketRef.map { "\($0): " } ?? "") + link.title
        let prBody = body.flatMap { $0.isEmpty ? nil : $0 } ?? "Resolves task #\(link.id)"
        let pr: GitHubClient.PullRequest
        do throws(GitHubClient.Failure) {
            pr = try await client.openPullRequest(
                repo: repo, title: prTitle, head: branch,
                base: base.flatMap { $0.isEmpty ? nil : $0 } ?? link.defaultBranch,
                body: prBody)
        } catch {
            throw error.apiError
        }
        try await store(
            link,
            [
                ("github_pr_number", pr.number.databaseValue), ("github_pr_state", pr.state.databaseValue),
                ("github_pr_url", pr.url?.databaseValue ?? .null),
            ],
            activity: (
                description: "Created PR #\(pr.number) for task",
                data: ["pr_number": .number(Double(pr.number)), "pr_url": Self.json(pr.url)]
            ), actor: identity.username)
        return [
            "pr_number": .number(Double(pr.number)), "pr_url": Self.json(pr.url), "pr_state": .string(pr.state),
            "branch": .string(branch),
        ]
    }

    // MARK: - Storage

    private func load(_ id: Int64, _ identity: Identity) async throws -> TaskLink {
        let link = try await database.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT t.id, t.workspace_id, t.title, t.assigned_to, t.project_ticket_no, t.github_branch,
                           t.github_pr_number, t.github_pr_state, t.github_pr_url, p.ticket_prefix, p.github_repo,
                           p.github_default_branch
                    FROM tasks t LEFT JOIN projects p ON p.id = t.project_id AND p.workspace_id = t.workspace_id
                    WHERE t.id = ? AND t.workspace_id = ?
                    """,
                arguments: [id, identity.workspaceID]
            ).map { row in
                TaskLink(
                    id: row["id"], workspaceID: row["workspace_id"], title: row["title"], assignee: row["assigned_to"],
                    ticketNumber: row["project_ticket_no"],
                    ticketRef: TaskRules.ticketRef(prefix: row["ticket_prefix"], number: row["project_ticket_no"]),
                    prefix: row["ticket_prefix"],
                    repo: (row["github_repo"] as String?).flatMap { $0.isEmpty ? nil : $0 },
                    defaultBranch: (row["github_default_branch"] as String?).flatMap { $0.isEmpty ? nil : $0 }
                        ?? "main",
                    branch: row["github_branch"], prNumber: row["github_pr_number"], prState: row["github_pr_state"],
                    prURL: row["github_pr_url"])
            }
        }
        guard let link else { throw APIError(.notFound, "Task not found") }
        try TaskWriteSupport.checkScope(identity, assignee: link.assignee)
        return link
    }

    /// Writes GitHub columns, the activity (when an actor did something) and `task.updated`.
    private func store(
        _ link: TaskLink, _ columns: [(name: String, value: DatabaseValue)],
        activity: (description: String, data: JSONValue)?, actor: String = "system"
    ) async throws {
        let assignments = columns.map { "\($0.name) = ?" }.joined(separator: ", ")
        let values = columns.map(\.value)
        try await database.write { db, events in
            let now = TaskWriteSupport.now()
            try db.execute(
                sql: "UPDATE tasks SET \(assignments), updated_at = ? WHERE id = ? AND workspace_id = ?",
                arguments: StatementArguments(
                    (values + [now.databaseValue, link.id.databaseValue, link.workspaceID.databaseValue]).map {
                        value -> (any DatabaseValueConvertible)? in value
                    }))
            if let activity {
                try ActivityLog.append(
                    db, events: &events, type: "task_updated", entityType: "task", entityID: link.id, actor: actor,
                    description: activity.description, data: activity.data, workspaceID: link.workspaceID)
            }
            let task = try Self.fullTask(db, id: link.id, workspaceID: link.workspaceID)
            try TaskWriteSupport.event(db, &events, type: "task.updated", workspaceID: link.workspaceID, payload: task)
        }
    }

    /// The task as the task routes return it, plus its GitHub columns.
    static func fullTask(_ db: Database, id: Int64, workspaceID: Int64) throws -> JSONValue {
        guard case .object(var task)? = try TaskQueries.find(db, id: id, workspaceID: workspaceID),
            let row = try Row.fetchOne(
                db,
                sql: "SELECT github_branch, github_pr_number, github_pr_state, github_pr_url FROM tasks WHERE id = ?",
                arguments: [id])
        else { return .null }
        task["github_branch"] = json(row["github_branch"])
        task["github_pr_number"] = (row["github_pr_number"] as Int64?).map { .number(Double($0)) } ?? .null
        task["github_pr_state"] = json(row["github_pr_state"])
        task["github_pr_url"] = json(row["github_pr_url"])
        return .object(task)
    }

    // MARK: - Rules

    /// The project's repository, or 400.
    static func repo(_ link: TaskLink) throws -> String {
        guard let repo = link.repo else { throw APIError(.badRequest, "Project has no github_repo configured") }
        guard isValidRepo(repo) else { throw APIError(.badRequest, "Project github_repo must look like owner/name") }
        return repo
    }

    /// `owner/name` with GitHub's characters only, so it is safe to put in an API path.
    static func isValidRepo(_ repo: String) -> Bool {
        let parts = repo.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { part in
                !part.isEmpty && part != "." && part != ".."
                    && part.unicodeScalars.allSatisfy { scalar in
                        switch scalar {
                        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
                        default: false
                        }
                    }
            }
    }

    static func webURL(repo: String, branch: String) -> String { "https://github.com/\(repo)/tree/\(branch)" }

    private static func json(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
}
