import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// Outbound integrations: Google sign-in and access requests (reference §3.7, §7.1) and a
/// task's GitHub branch and pull request (§7.2).
struct IntegrationRoutes {
    let database: EventedDatabase
    let google: GoogleTokenVerifier
    let github: GitHubSettings

    init(database: EventedDatabase, environment: EnvironmentReader) {
        self.database = database
        self.google = GoogleTokenVerifier(environment: environment)
        self.github = GitHubSettings(environment: environment)
    }

    func register(on routes: RouteRegistry) {
        let signIn = GoogleSignIn(database: database)
        let requests = AccessRequests(database: database)
        let branches = TaskBranchService(database: database, github: github)
        routes.add(.init(method: .post, path: "/api/auth/google", access: .public, summary: "Sign in with a Google ID token; sets the session cookie", tag: "Auth", rateLimit: .init(policy: .login, key: .clientAddress))) { request, context in
            // As the original: an unreadable body is a missing credential.
            let body = try? await JSONBody.read(request, required: false)
            let profile = try await google.verify(try? body?.string("credential"))
            switch try await signIn.signIn(profile, ip: context.clientAddress, userAgent: request.headers[.userAgent]) {
            case .pendingApproval:
                return try jsonResponse(
                    ["error": "Access request pending admin approval", "code": "PENDING_APPROVAL"], status: .forbidden)
            case .loggedIn(let user, let token, let tenantID):
                var response = try jsonResponse(["user": user.sessionJSON(tenantID: tenantID)])
                response.setCookie(SessionCookie.issue(token: token, secure: context.isSecure))
                return response
            }
        }
        routes.add(.init(method: .post, path: "/api/auth/google/disconnect", access: .role(.viewer), summary: "Turn the caller's Google-linked account back into a local one", tag: "Auth")) { request, context in
            let identity = try context.requireIdentity()
            try await signIn.disconnect(identity, ip: context.clientAddress, userAgent: request.headers[.userAgent])
            return try jsonResponse(["ok": true])
        }
        routes.add(.init(method: .get, path: "/api/auth/access-requests", access: .role(.admin), summary: "Google access requests (pending first)", tag: "Users", queryParameters: ["status"])) { request, _ in
            let status = request.uri.queryParameters.get("status").map { String($0) } ?? "all"
            // An unknown status matches no row, as in the original.
            let rows = AccessRequests.statuses.contains(status) ? try await requests.list(status: status) : []
            return try jsonResponse(["requests": JSONValue.array(rows)])
        }
        routes.add(.init(method: .post, path: "/api/auth/access-requests", access: .role(.admin), summary: "Approve or reject a Google access request", tag: "Users", rateLimit: .init(policy: .identitySecurityMutation, key: .identity(domain: "access-requests")))) { request, context in
            let review = try AccessRequests.Review(try await JSONBody.read(request))
            let user = try await requests.review(review, by: try context.requireIdentity(), ip: context.clientAddress)
            let answer: JSONValue = user.map { ["ok": true, "user": $0] } ?? ["ok": true]
            return try jsonResponse(answer)
        }
        routes.add(.init(method: .get, path: "/api/tasks/{id}/branch", access: .role(.viewer), summary: "The task's GitHub branch and pull request", tag: "Tasks")) { _, context in
            let identity = try context.requireIdentity()
            let id = try TaskRoutes.taskID(context)
            return try jsonResponse(try await branches.status(taskID: id, identity: identity))
        }
        routes.add(.init(method: .post, path: "/api/tasks/{id}/branch", access: .role(.operator), summary: "Create the task's GitHub branch, or with action create-pr open its pull request", tag: "Tasks", rateLimit: .init(policy: .mutation, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let id = try TaskRoutes.taskID(context)
            let body = try await JSONBody.read(request, required: false)
            switch try body.string("action") {
            case nil:
                return try jsonResponse(try await branches.createBranch(taskID: id, identity: identity))
            case "create-pr":
                let pr = try await branches.openPullRequest(
                    taskID: id, title: try body.string("title"), body: try body.string("body"),
                    base: try body.string("base"), identity: identity)
                return try jsonResponse(pr)
            default:
                throw APIError(.badRequest, "Unknown action; expected none (create the branch) or \"create-pr\"")
            }
        }
    }
}
