/// Who made a request, resolved from a session cookie or an API key (reference §1). Agent keys
/// and the global key get synthetic identities with the original's ids and names.
struct Identity: Sendable, Equatable {
    /// How the caller proved who they are.
    enum Credential: Sendable, Equatable {
        /// A browser session; the id of its `user_sessions` row.
        case session(id: Int64)
        /// The global admin key (`API_KEY` or the rotated key).
        case globalKey
        /// A per-agent key; the id of its `agent_api_keys` row.
        case agentKey(id: Int64)
    }

    /// User id; 0 for the global key, minus the key id for agent keys (as the original).
    var userID: Int64
    var username: String
    var displayName: String
    var role: Role
    var workspaceID: Int64
    var tenantID: Int64
    var provider: String
    var email: String?
    var avatarURL: String?
    /// The agent this caller acts as: the agent of an agent key, or the `x-agent-name` header
    /// (attribution only) for other callers.
    var agentName: String?
    /// The agent id of an agent key.
    var agentID: Int64?
    var credential: Credential

    /// True for agent keys and for non-admins who name an agent: such callers only see and
    /// change their own agent and tasks (reference §1, "agent self-scoping").
    var isAgentScoped: Bool { agentName != nil && role != .admin }
}
