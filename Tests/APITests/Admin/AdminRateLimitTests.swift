import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// The limiters on the administration routes: at the limit and one past it.
@Suite struct AdminRateLimitTests {
    typealias F = AdminFixtures

    @Test func userChangesAllowTwentyPerMinutePerAdmin() async throws {
        let app = try await TestApplication()
        let (other, _) = try await F.session(app, username: "second-admin", role: .admin)
        try await app.test { client in
            // Invalid bodies are refused by the handler, after the limiter has counted them.
            for _ in 0..<20 {
                #expect(try await F.send(client, .post, "/api/auth/users", F.admin, "{}").status == .badRequest)
            }
            let refused = try await F.send(client, .put, "/api/auth/users", F.admin, "{}")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text == #"{"error":"Too many identity or credential changes. Try again in a minute."}"#)
            // The budget is per admin, not shared.
            #expect(try await F.send(client, .post, "/api/auth/users", other, "{}").status == .badRequest)
        }
    }

    @Test func searchAllowsTenPerMinute() async throws {
        try await TestApplication().test { client in
            for _ in 0..<10 {
                #expect(try await F.send(client, .get, "/api/search?q=ab", F.admin).status == .ok)
            }
            let refused = try await F.send(client, .get, "/api/search?q=ab", F.admin)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text == #"{"error":"Too many requests for this resource. Please try again later."}"#)
        }
    }
}
