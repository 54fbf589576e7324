import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `/api/tasks/{id}/branch` against a fake GitHub API.
@Suite struct TaskBranchRoutesTests {
    static let branch = "feat/task-1-fix-the-login-page"

    /// GitHub as it answers when everything works; `overrides` replace answers by "METHOD path".
    static func gitHub(_ overrides: [String: (Int, String)] = [:]) -> FakeUpstream.Responder {
        { request in
            if let answer = overrides["\(request.method) \(request.path)"] { return answer }
            switch (request.method, request.path) {
            case ("GET", "/repos/octo/app/git/ref/heads/main"), ("GET", "/repos/octo/app/git/ref/heads/release/2.0"):
                return (200, #"{"ref":"refs/heads/main","object":{"sha":"abc123","type":"commit"}}"#)
            case ("POST", "/repos/octo/app/git/refs"):
                return (201, #"{"ref":"refs/heads/x","object":{"sha":"abc123"}}"#)
            case ("POST", "/repos/octo/app/pulls"):
                return (201, #"{"number":42,"html_url":"https://github.com/octo/app/pull/42","state":"open"}"#)
            case ("GET", "/repos/octo/app/pulls"): return (200, "[]")
            case ("GET", "/repos/octo/app/pulls/42"):
                return (200, #"{"number":42,"html_url":"https://github.com/octo/app/pull/42","state":"closed"}"#)
            default: return (404, #"{"message":"Not Found","documentation_url":"https://docs.github.com"}"#)
            }
        }
    }

    /// Runs `body` with GitHub faked, the General project on `repo` and one task in it.
    static func withTask(
        repo: String? = "octo/app", token: String? = "tok", defaultBranch: String = "main",
        _ responder: @escaping FakeUpstream.Responder = gitHub(),
        _ body: @escaping @Sendable (TestApplication, any TestClientProtocol, FakeUpstream, Int) async throws -> Void
    ) async throws {
        try await FakeUpstream.run(responder) { base, upstream in
            var environment = ["MC_GITHUB_API_URL": base + "/"]
            if let token { environment["GITHUB_TOKEN"] = token }
            let app = try await TestApplication(environment: environment)
            try await AdminFixtures.sql(
                app, "UPDATE projects SET github_repo = ?, github_default_branch = ? WHERE id = 1",
                [repo, defaultBranch])
            try await app.test { client in
                let task = try await TaskTestSupport.createTask(client, #"{"title":"Fix the login page!"}"#)
                let id = try #require(task["id"] as? Int)
                try await body(app, client, upstream, id)
            }
        }
    }

    static func post(_ client: any TestClientProtocol, _ id: Int, _ body: String = "{}") async throws -> TestResponse {
        try await AdminFixtures.send(client, .post, "/api/tasks/\(id)/branch", AdminFixtures.admin, body)
    }

    static func get(_ client: any TestClientProtocol, _ id: Int) async throws -> TestResponse {
        try await AdminFixtures.send(client, .get, "/api/tasks/\(id)/branch", AdminFixtures.admin)
    }

    static func column(_ app: TestApplication, _ name: String, _ id: Int) async throws -> DatabaseValue {
        try await app.dependencies.database.read { db in
            try DatabaseValue.fetchOne(db, sql: "SELECT \(name) FROM tasks WHERE id = ?", arguments: [id]) ?? .null
        }
    }

    @Test func createsTheBranchFromTheDefaultBranchHead() async throws {
        try await Self.withTask { app, client, upstream, id in
            let response = try await Self.post(client, id)
            #expect(response.status == .ok)
            #expect(response.json["branch"] as? String == Self.branch)
            #expect(response.json["url"] as? String == "https://github.com/octo/app/tree/\(Self.branch)")
            let requests = upstream.requests
            #expect(
                requests.map { "\($0.method) \($0.path)" } == [
                    "GET /repos/octo/app/git/ref/heads/main", "POST /repos/octo/app/git/refs",
                ])
            for request in requests {
                #expect(request.headers["authorization"] == "Bearer tok")
                #expect(request.headers["accept"] == "application/vnd.github.v3+json")
                #expect(request.headers["user-agent"] == "MissionControl/1.0")
            }
            #expect(requests[1].headers["content-type"] == "application/json")
            #expect(requests[1].body == ["ref": .string("refs/heads/\(Self.branch)"), "sha": "abc123"])
            #expect(try await Self.column(app, "github_branch", id) == Self.branch.databaseValue)
            let activity = try await AdminFixtures.count(
                app, "SELECT COUNT(*) FROM activities WHERE type = 'task_updated' AND description = ?",
                ["Created branch \(Self.branch) for task"])
            #expect(activity == 1)
            let payload = try await app.dependencies.database.read { db in
                try String.fetchOne(
                    db, sql: "SELECT payload FROM events WHERE type = 'task.updated' ORDER BY id DESC LIMIT 1")
            }
            let event = try JSONValue.parse(try #require(payload))
            #expect(event["github_branch"] == .string(Self.branch))
            #expect(event["title"] == "Fix the login page!")
            #expect(event["workspace_id"] == 1)

            // Again: the stored branch, without asking GitHub.
            let again = try await Self.post(client, id)
            #expect(again.json["branch"] as? String == Self.branch)
            #expect(upstream.requests.count == 2)
        }
    }

    @Test func anExistingReferenceCountsAsCreated() async throws {
        let exists = (422, #"{"message":"Reference already exists","documentation_url":"https://docs.github.com"}"#)
        try await Self.withTask(Self.gitHub(["POST /repos/octo/app/git/refs": exists])) { app, client, _, id in
            let response = try await Self.post(client, id)
            #expect(response.status == .ok)
            #expect(response.json["branch"] as? String == Self.branch)
            #expect(try await Self.column(app, "github_branch", id) == Self.branch.databaseValue)
        }
    }

    @Test func gitHubErrorsAre502WithGitHubsMessage() async throws {
        let invalid = (422, #"{"message":"Validation Failed","errors":[{"message":"sha is invalid"}]}"#)
        try await Self.withTask(defaultBranch: "develop", Self.gitHub(["POST /repos/octo/app/git/refs": invalid])) {
            app, client, _, id in
            let response = try await Self.post(client, id)
            #expect(response.status == .badGateway)
            #expect(response.text == #"{"error":"GitHub answered 404: Not Found"}"#)
            #expect(try await Self.column(app, "github_branch", id) == .null)
        }
        try await Self.withTask(Self.gitHub(["POST /repos/octo/app/git/refs": invalid])) { _, client, _, id in
            let response = try await Self.post(client, id)
            #expect(response.text == #"{"error":"GitHub answered 422: Validation Failed (sha is invalid)"}"#)
        }
    }

    @Test func unreachableGitHubIs502() async throws {
        let app = try await TestApplication(environment: [
            "GITHUB_TOKEN": "tok", "MC_GITHUB_API_URL": "http://127.0.0.1:1",
        ])
        try await AdminFixtures.sql(app, "UPDATE projects SET github_repo = 'octo/app' WHERE id = 1")
        try await app.test { client in
            let task = try await TaskTestSupport.createTask(client, #"{"title":"x"}"#)
            let response = try await Self.post(client, try #require(task["id"] as? Int))
            #expect(response.status == .badGateway)
            #expect((response.json["error"] as? String)?.hasPrefix("GitHub could not be reached: ") == true)
        }
    }

    @Test func opensAPullRequestFromTheStoredBranch() async throws {
        try await Self.withTask { app, client, upstream, id in
            #expect(try await Self.post(client, id).status == .ok)
            let response = try await Self.post(client, id, #"{"action":"create-pr"}"#)
            #expect(response.status == .ok)
            #expect(response.json["pr_number"] as? Int == 42)
            #expect(response.json["pr_url"] as? String == "https://github.com/octo/app/pull/42")
            #expect(response.json["pr_state"] as? String == "open")
            #expect(response.json["branch"] as? String == Self.branch)
            let request = try #require(upstream.requests.last)
            #expect(request.method == "POST" && request.path == "/repos/octo/app/pulls")
            #expect(
                request.body == [
                    "title": "TASK-001: Fix the login page!", "head": .string(Self.branch), "base": "main",
                    "body": .string("Resolves task #\(id)"),
                ])
            #expect(try await Self.column(app, "github_pr_number", id) == 42.databaseValue)
            #expect(try await Self.column(app, "github_pr_state", id) == "open".databaseValue)
            #expect(
                try await Self.column(app, "github_pr_url", id) == "https://github.com/octo/app/pull/42".databaseValue)
            let activity = try await AdminFixtures.count(
                app, "SELECT COUNT(*) FROM activities WHERE description = 'Created PR #42 for task'")
            #expect(activity == 1)

            _ = try await Self.post(
                client, id, #"{"action":"create-pr","title":"Custom","body":"Text","base":"release/2.0"}"#)
            #expect(
                upstream.requests.last?.body == [
                    "title": "Custom", "head": .string(Self.branch), "base": "release/2.0", "body": "Text",
                ])
        }
    }

    @Test func getRefreshesTheStoredPullRequestState() async throws {
        try await Self.withTask { app, client, upstream, id in
            let empty = try await Self.get(client, id)
            #expect(empty.status == .ok)
            #expect(empty.text == #"{"branch":null,"pr_number":null,"pr_state":null,"pr_url":null,"repo":"octo/app"}"#)
            #expect(upstream.requests.isEmpty)
            _ = try await Self.post(client, id)
            _ = try await Self.post(client, id, #"{"action":"create-pr"}"#)
            let events = try await AdminFixtures.count(app, "SELECT COUNT(*) FROM events WHERE type = 'task.updated'")
            let response = try await Self.get(client, id)
            #expect(response.json["branch"] as? String == Self.branch)
            #expect(response.json["pr_number"] as? Int == 42)
            #expect(response.json["pr_state"] as? String == "closed")
            #expect(upstream.requests.last.map { "\($0.method) \($0.path)" } == "GET /repos/octo/app/pulls/42")
            #expect(try await Self.column(app, "github_pr_state", id) == "closed".databaseValue)
            #expect(
                try await AdminFixtures.count(app, "SELECT COUNT(*) FROM events WHERE type = 'task.updated'") == events
                    + 1)
            // Unchanged: no write, no event.
            _ = try await Self.get(client, id)
            #expect(
                try await AdminFixtures.count(app, "SELECT COUNT(*) FROM events WHERE type = 'task.updated'") == events
                    + 1)
        }
    }

    @Test func getLinksAPullRequestOpenedOnGitHubFromTheBranch() async throws {
        let found = (200, #"[{"number":7,"html_url":"https://github.com/octo/app/pull/7","state":"open"}]"#)
        try await Self.withTask(Self.gitHub(["GET /repos/octo/app/pulls": found])) { app, client, upstream, id in
            _ = try await Self.post(client, id)
            let response = try await Self.get(client, id)
            #expect(response.json["pr_number"] as? Int == 7)
            #expect(response.json["pr_url"] as? String == "https://github.com/octo/app/pull/7")
            let lookup = try #require(upstream.requests.last)
            #expect(lookup.path == "/repos/octo/app/pulls")
            #expect(lookup.query("head") == "octo:\(Self.branch)")
            #expect(lookup.query("state") == "all")
            #expect(try await Self.column(app, "github_pr_number", id) == 7.databaseValue)
        }
    }

    @Test func getKeepsTheStoredStateWhenGitHubFails() async throws {
        let broken = (500, #"{"message":"Server Error"}"#)
        try await Self.withTask(Self.gitHub(["GET /repos/octo/app/pulls/42": broken])) { _, client, _, id in
            _ = try await Self.post(client, id)
            _ = try await Self.post(client, id, #"{"action":"create-pr"}"#)
            let response = try await Self.get(client, id)
            #expect(response.status == .ok)
            #expect(response.json["pr_state"] as? String == "open")
        }
    }

    @Test func projectWithoutRepositoryIs400() async throws {
        try await Self.withTask(repo: nil) { _, client, upstream, id in
            for body in ["{}", #"{"action":"create-pr"}"#] {
                let response = try await Self.post(client, id, body)
                #expect(response.status == .badRequest)
                #expect(response.text == #"{"error":"Project has no github_repo configured"}"#)
            }
            #expect(try await Self.get(client, id).json["repo"] is NSNull)
            #expect(upstream.requests.isEmpty)
        }
    }

    @Test func malformedRepositoryIs400() async throws {
        try await Self.withTask(repo: "octo/app/../x") { _, client, _, id in
            let response = try await Self.post(client, id)
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"Project github_repo must look like owner/name"}"#)
        }
    }

    @Test func pullRequestWithoutBranchIs400() async throws {
        try await Self.withTask { _, client, upstream, id in
            let response = try await Self.post(client, id, #"{"action":"create-pr"}"#)
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"Task has no branch yet; create one first"}"#)
            #expect(upstream.requests.isEmpty)
        }
    }

    @Test func missingTokenIs400() async throws {
        try await Self.withTask(token: nil) { _, client, upstream, id in
            let response = try await Self.post(client, id)
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"GITHUB_TOKEN is not set"}"#)
            #expect(upstream.requests.isEmpty)
        }
    }

    @Test func unknownActionIs400() async throws {
        try await Self.withTask { _, client, _, id in
            let response = try await Self.post(client, id, #"{"action":"merge"}"#)
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"Unknown action; expected none (create the branch) or \"create-pr\""}"#)
        }
    }

    @Test func unknownAndInvalidTasks() async throws {
        try await Self.withTask { _, client, _, _ in
            for response in [try await Self.post(client, 999_999), try await Self.get(client, 999_999)] {
                #expect(response.status == .notFound)
                #expect(response.text == #"{"error":"Task not found"}"#)
            }
            let invalid = try await AdminFixtures.send(client, .get, "/api/tasks/abc/branch", AdminFixtures.admin)
            #expect(invalid.status == .badRequest)
            #expect(invalid.text == #"{"error":"Invalid task ID"}"#)
        }
    }

    @Test func anotherWorkspacesTaskIsNotFound() async throws {
        try await Self.withTask { app, client, _, id in
            let (cookie, _) = try await AdminFixtures.session(app, username: "other-admin", role: .admin, workspace: 2)
            let response = try await AdminFixtures.send(client, .post, "/api/tasks/\(id)/branch", cookie, "{}")
            #expect(response.status == .notFound)
        }
    }

    @Test func agentsMayOnlyBranchTheirOwnTasks() async throws {
        try await Self.withTask { app, client, _, id in
            let headers = try await AdminFixtures.agentKey(app, agent: "worker-1")
            let response = try await AdminFixtures.send(client, .post, "/api/tasks/\(id)/branch", headers, "{}")
            #expect(response.status == .forbidden)
            #expect(response.text == #"{"error":"Access denied: agent key may only access its own tasks."}"#)
        }
    }
}
