import HTTPTypes
import MCShared

/// GitHub access from the environment: `GITHUB_TOKEN` and `MC_GITHUB_API_URL`.
struct GitHubSettings: Sendable {
    let baseURL: String
    let token: String?

    init(environment: EnvironmentReader) {
        var base = environment.string("MC_GITHUB_API_URL") ?? GitHubClient.defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        token = environment.string("GITHUB_TOKEN")
    }

    /// A client, or nil without a token.
    var client: GitHubClient? { token.map { GitHubClient(baseURL: baseURL, token: $0) } }

    /// A client, or 400 "GITHUB_TOKEN is not set".
    func requireClient() throws -> GitHubClient {
        guard let client else { throw APIError(.badRequest, "GITHUB_TOKEN is not set") }
        return client
    }
}
