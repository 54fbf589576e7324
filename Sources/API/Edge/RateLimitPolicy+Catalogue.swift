/// The limiters of the original (mc-api.md §4) that the API core uses, with the original's
/// windows, maxima, critical flags and messages (the messages the reference elides with "…" are
/// the original source's own sentences).
///
/// Keys: the IP-keyed policies take `ClientAddressResolver.clientAddress(peer:forwardedFor:)`;
/// the others are noted on each constant.
extension RateLimitPolicy {
    /// `POST /api/auth/login`, `POST /api/auth/google`: 5 per minute per client IP.
    static let login = RateLimitPolicy(
        name: "login", window: .seconds(60), maximum: 5, critical: true,
        message: "Too many login attempts. Try again in a minute.")

    /// Every mutation route, one shared budget: 60 per minute per client IP.
    static let mutation = RateLimitPolicy(name: "mutation", window: .seconds(60), maximum: 60)

    /// Rate-limited read routes, one shared budget: 120 per minute per client IP.
    static let read = RateLimitPolicy(name: "read", window: .seconds(60), maximum: 120)

    /// Expensive routes (search, export, cleanup, spawn, skill registry): 10 per minute per IP.
    static let heavy = RateLimitPolicy(
        name: "heavy", window: .seconds(60), maximum: 10,
        message: "Too many requests for this resource. Please try again later.")

    /// `POST /api/agents/register`: 5 per minute per client IP.
    static let selfRegister = RateLimitPolicy(
        name: "selfRegister", window: .seconds(60), maximum: 5,
        message: "Too many registration attempts. Please try again later.")

    /// Agent heartbeats and adapter posts: 30 per minute per agent name, else `ip:<client IP>`.
    /// A 429 carries `Retry-After` and the `X-RateLimit-*` headers (`RateLimitDecision+Headers`).
    static let agentHeartbeat = RateLimitPolicy(
        name: "agentHeartbeat", window: .seconds(60), maximum: 30,
        message: "Agent heartbeat rate limit exceeded.")

    /// Task-queue polling: 20 per minute per agent name, else `ip:<client IP>`; headers as above.
    static let agentTask = RateLimitPolicy(
        name: "agentTask", window: .seconds(60), maximum: 20,
        message: "Agent task polling rate limit exceeded.")

    /// `PATCH /api/auth/me` with `new_password`: 5 per minute per user id.
    static let passwordChange = RateLimitPolicy(
        name: "passwordChange", window: .seconds(60), maximum: 5, critical: true,
        message: "Too many password change attempts. Try again in a minute.")

    /// User lifecycle, access approval and API-key rotation: 20 per minute per
    /// `<tenant>:<workspace>:<userId>:<domain>` (domain `users`, `access-requests`, `api-key`).
    static let identitySecurityMutation = RateLimitPolicy(
        name: "identitySecurityMutation", window: .seconds(60), maximum: 20, critical: true,
        message: "Too many identity or credential changes. Try again in a minute.")

    /// Every policy above; the default set of a `RateLimiter`.
    static let all: [RateLimitPolicy] = [
        .login, .mutation, .read, .heavy, .selfRegister, .agentHeartbeat, .agentTask,
        .passwordChange, .identitySecurityMutation,
    ]
}
