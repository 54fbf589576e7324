import Foundation
import HTTPTypes
import MCShared
import NIOHTTP1

/// The GitHub REST calls of the branch/PR workflow (reference mc-background §13): bearer
/// token, the v3 media type and the original's user agent on every call.
struct GitHubClient: Sendable {
    /// The public API; `MC_GITHUB_API_URL` replaces it (GitHub Enterprise, tests).
    static let defaultBaseURL = "https://api.github.com"

    let baseURL: String
    let token: String

    /// An answer GitHub gave that is not a success.
    struct Failure: Error, Sendable, Equatable {
        /// The HTTP status; 0 when GitHub could not be reached.
        var status: Int
        var message: String

        /// The 502 a client sees.
        var apiError: APIError {
            status == 0
                ? APIError(.badGateway, "GitHub could not be reached: \(message)")
                : APIError(.badGateway, "GitHub answered \(status): \(message)")
        }
    }

    /// A pull request.
    struct PullRequest: Sendable, Equatable {
        var number: Int64
        var url: String?
        var state: String
    }

    /// The commit `heads/<branch>` points at.
    func branchHead(repo: String, branch: String) async throws(Failure) -> String {
        let answer = try await call(.GET, "/repos/\(repo)/git/ref/heads/\(Self.pathEscaped(branch))")
        guard let sha = answer["object"]?["sha"]?.stringValue else {
            throw Failure(status: 200, message: "no commit for heads/\(branch)")
        }
        return sha
    }

    /// Creates `refs/heads/<branch>` at `sha`; false when it already exists.
    func createBranch(repo: String, branch: String, sha: String) async throws(Failure) -> Bool {
        do throws(Failure) {
            _ = try await call(
                .POST, "/repos/\(repo)/git/refs", body: ["ref": .string("refs/heads/\(branch)"), "sha": .string(sha)])
            return true
        } catch  where error.status == 422 && error.message.hasPrefix("Reference already exists") {
            return false
        }
    }

    /// Opens a pull request from `head` into `base`.
    func openPullRequest(repo: String, title: String, head: String, base: String, body: String) async throws(Failure)
        -> PullRequest
    {
        let answer = try await call(
            .POST, "/repos/\(repo)/pulls",
            body: ["title": .string(title), "head": .string(head), "base": .string(base), "body": .string(body)])
        return try Self.pullRequest(answer)
    }

    /// The newest pull request (open or closed) from `branch` of the repository's owner, if any.
    func pullRequest(repo: String, branch: String) async throws(Failure) -> PullRequest? {
        let owner = repo.split(separator: "/").first.map(String.init) ?? repo
        let head = OutboundHTTP.escaped("\(owner):\(branch)")
        let answer = try await call(.GET, "/repos/\(repo)/pulls?head=\(head)&state=all&per_page=1")
        guard let first = answer.arrayValue?.first else { return nil }
        return try Self.pullRequest(first)
    }

    /// Pull request `number`.
    func pullRequest(repo: String, number: Int64) async throws(Failure) -> PullRequest {
        try Self.pullRequest(try await call(.GET, "/repos/\(repo)/pulls/\(number)"))
    }

    private static func pullRequest(_ answer: JSONValue) throws(Failure) -> PullRequest {
        guard let number = answer["number"]?.doubleValue, let state = answer["state"]?.stringValue else {
            throw Failure(status: 200, message: "the answer is not a pull request")
        }
        return PullRequest(number: Int64(number), url: answer["html_url"]?.stringValue, state: state)
    }

    /// One API call; the parsed body of a 2xx answer, else a `Failure` with GitHub's message.
    private func call(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil) async throws(Failure) -> JSONValue {
        let answer: OutboundHTTP.Response
        do throws(OutboundHTTP.Failure) {
            answer = try await OutboundHTTP.send(
                method, baseURL + path,
                headers: [
                    ("Authorization", "Bearer \(token)"), ("Accept", "application/vnd.github.v3+json"),
                    ("User-Agent", "MissionControl/1.0"),
                ], json: body)
        } catch {
            throw Failure(status: 0, message: error.reason)
        }
        guard answer.isSuccess else { throw Failure(status: answer.status, message: Self.message(answer.json)) }
        return answer.json ?? .null
    }

    /// GitHub's error text: `message`, with the first validation error's detail when present.
    static func message(_ body: JSONValue?) -> String {
        let message = body?["message"]?.stringValue ?? "no message"
        guard let detail = body?["errors"]?.arrayValue?.first?["message"]?.stringValue else { return message }
        return "\(message) (\(detail))"
    }

    /// A branch name for a URL path: each `/`-separated part percent-escaped, the slashes kept
    /// (GitHub reads `heads/feat/x` as the ref `feat/x`).
    static func pathEscaped(_ branch: String) -> String {
        branch.split(separator: "/", omittingEmptySubsequences: false).map { part in
            OutboundHTTP.escaped(String(part))
        }.joined(separator: "/")
    }
}
