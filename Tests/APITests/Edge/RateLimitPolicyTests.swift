import Testing

@testable import MCAPI

/// The catalogue matches the original's limiter table (mc-api.md §4) and source.
@Suite struct RateLimitPolicyTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var policy: RateLimitPolicy
        var seconds: Int64
        var maximum: Int
        var critical: Bool
        var message: String
        var testDescription: String { policy.name }
    }

    static let table: [Expected] = [
        .init(
            policy: .login, seconds: 60, maximum: 5, critical: true,
            message: "Too many login attempts. Try again in a minute."),
        .init(
            policy: .mutation, seconds: 60, maximum: 60, critical: false,
            message: "Too many requests. Please try again later."),
        .init(
            policy: .read, seconds: 60, maximum: 120, critical: false,
            message: "Too many requests. Please try again later."),
        .init(
            policy: .heavy, seconds: 60, maximum: 10, critical: false,
            message: "Too many requests for this resource. Please try again later."),
        .init(
            policy: .selfRegister, seconds: 60, maximum: 5, critical: false,
            message: "Too many registration attempts. Please try again later."),
        .init(
            policy: .agentHeartbeat, seconds: 60, maximum: 30, critical: false,
            message: "Agent heartbeat rate limit exceeded."),
        .init(
            policy: .agentTask, seconds: 60, maximum: 20, critical: false,
            message: "Agent task polling rate limit exceeded."),
        .init(
            policy: .passwordChange, seconds: 60, maximum: 5, critical: true,
            message: "Too many password change attempts. Try again in a minute."),
        .init(
            policy: .identitySecurityMutation, seconds: 60, maximum: 20, critical: true,
            message: "Too many identity or credential changes. Try again in a minute."),
    ]

    @Test(arguments: table)
    func matchesTheOriginal(_ expected: Expected) {
        #expect(expected.policy.window == .seconds(expected.seconds))
        #expect(expected.policy.maximum == expected.maximum)
        #expect(expected.policy.critical == expected.critical)
        #expect(expected.policy.message == expected.message)
    }

    @Test func catalogueListsEveryPolicyOnceWithUniqueNames() {
        #expect(RateLimitPolicy.all.count == Self.table.count)
        #expect(Set(RateLimitPolicy.all.map(\.name)).count == RateLimitPolicy.all.count)
        #expect(Set(RateLimitPolicy.all) == Set(Self.table.map(\.policy)))
    }
}
