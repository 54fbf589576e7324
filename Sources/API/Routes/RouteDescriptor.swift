import HTTPTypes

/// Who may call a route.
enum RouteAccess: Sendable, Equatable {
    /// Anyone, no credential (login, health).
    case `public`
    /// Any identified caller at or above this role.
    case role(Role)
}

/// A route's rate limit: the policy and the key it counts per (reference §4).
struct RouteRateLimit: Sendable {
    enum Key: Sendable {
        /// The client address.
        case clientAddress
        /// The caller's user id (password changes).
        case user
        /// The calling agent (authenticated agent name, else the client address).
        case agent
        /// Tenant, workspace, user and a domain, for identity and credential changes.
        case identity(domain: String)
    }
    var policy: RateLimitPolicy
    var key: Key
}

/// One API route as documented and enforced: the route table the role-matrix test and the
/// OpenAPI document are generated from, so what is registered, enforced and documented
/// cannot drift apart.
struct RouteDescriptor: Sendable {
    /// HTTP method.
    var method: HTTPRequest.Method
    /// Path in OpenAPI form, e.g. `/api/tasks/{id}`.
    var path: String
    /// Minimum access.
    var access: RouteAccess
    /// One line for the API documentation.
    var summary: String
    /// Documentation group, e.g. `Tasks`.
    var tag: String
    /// Query parameters the route reads (documentation).
    var queryParameters: [String] = []
    /// Success status code (documentation and tests).
    var successStatus: HTTPResponse.Status = .ok
    /// The rate limit applied before the handler, and what it is keyed on.
    var rateLimit: RouteRateLimit?

    /// The path in Hummingbird's router syntax (`{id}` → `:id`).
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
        }.joined(separator: "/")
    }
}
