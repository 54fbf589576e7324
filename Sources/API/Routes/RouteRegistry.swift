import Foundation
import HTTPTypes
import Hummingbird

/// Registers routes on the router together with their descriptors, and enforces each
/// descriptor's access before its handler runs (401 without identity, 403 below the role, with
/// the original's messages). Used while the application is built, from one task.
final class RouteRegistry {
    /// A route handler: decode, call the service, encode.
    typealias Handler = @Sendable (Request, APIContext) async throws -> Response

    let router: Router<APIContext>
    let rateLimiter: RateLimiter
    /// Every registered route, in registration order.
    private(set) var routes: [RouteDescriptor] = []

    init(router: Router<APIContext>, rateLimiter: RateLimiter) {
        self.router = router
        self.rateLimiter = rateLimiter
    }

    /// Registers `handler` for `descriptor`.
    func add(_ descriptor: RouteDescriptor, _ handler: @escaping Handler) {
        routes.append(descriptor)
        let access = descriptor.access
        let limit = descriptor.rateLimit
        let limiter = rateLimiter
        router.on(RouterPath(descriptor.routerPath), method: descriptor.method) { request, context in
            try Self.authorize(access, context)
            guard let limit else { return try await handler(request, context) }
            let decision = limiter.check(limit.policy, key: Self.rateLimitKey(limit.key, context))
            let unixNow = Date().timeIntervalSince1970
            guard decision.allowed else {
                var refused = try APIError(.tooManyRequests, limit.policy.message).response(from: request, context: context)
                for (name, value) in decision.headers(unixNow: unixNow) {
                    if let field = HTTPField.Name(name) { refused.headers[field] = value }
                }
                return refused
            }
            return try await handler(request, context)
        }
    }

    static func rateLimitKey(_ key: RouteRateLimit.Key, _ context: APIContext) -> String {
        switch key {
        case .clientAddress:
            return context.clientAddress
        case .user:
            return context.identity.map { "user:\($0.userID)" } ?? context.clientAddress
        case .agent:
            // The authenticated agent, not a header anyone can change for a fresh budget.
            if let identity = context.identity, case .agentKey = identity.credential, let name = identity.agentName {
                return "agent:\(name)"
            }
            return context.identity?.agentName.map { "agent:\($0)" } ?? "ip:\(context.clientAddress)"
        case .identity(let domain):
            guard let identity = context.identity else { return context.clientAddress }
            return "\(identity.tenantID):\(identity.workspaceID):\(identity.userID):\(domain)"
        }
    }

    /// Throws the original's 401/403 when `context` may not use a route with `access`.
    static func authorize(_ access: RouteAccess, _ context: APIContext) throws {
        guard case .role(let minimum) = access else { return }
        guard let identity = context.identity else { throw APIError(.unauthorized, "Authentication required") }
        guard identity.role >= minimum else { throw APIError(.forbidden, "Requires \(minimum.rawValue) role or higher") }
    }
}
