import Foundation
import HTTPTypes
import Hummingbird

/// Resolves the caller's identity for every request and stores it in the context; routes
/// decide with their `RouteAccess` whether it is enough. The session cookie is read under both
/// of the original's names (`__Host-mc-session` first, then `mc-session`); the legacy
/// `mission-control-auth` cookie never authenticates.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let resolver: IdentityResolver

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let credentials = IdentityResolver.Credentials(
            sessionToken: request.cookies[SessionCookie.secureName]?.value ?? request.cookies[SessionCookie.name]?.value,
            apiKey: Self.apiKey(request.headers),
            agentNameHeader: request.headers[HTTPField.Name("x-agent-name")!].flatMap {
                let trimmed = $0.trimmingCharacters(in: .whitespaces)
                return trimmed.isEmpty ? nil : trimmed
            })
        context.identity = try await resolver.resolve(credentials)
        return try await next(request, context)
    }

    /// `x-api-key`, else `Authorization: Bearer|ApiKey|Token <key>` (scheme case-insensitive).
    static func apiKey(_ headers: HTTPFields) -> String? {
        if let key = headers[HTTPField.Name("x-api-key")!], !key.isEmpty { return key }
        guard let authorization = headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, ["bearer", "apikey", "token"].contains(parts[0].lowercased()) else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
