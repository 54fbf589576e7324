import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// The edge policies as a client meets them through the real application.
@Suite struct EdgeIntegrationTests {
    static func wrongLogin(_ client: any TestClientProtocol, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/auth/login", method: .post, headers: headers,
            body: ByteBuffer(string: #"{"username":"admin","password":"wrong-password-x"}"#))
    }

    @Test func loginLimitAllowsFivePerMinuteThenSays429WithRetryAfter() async throws {
        try await TestApplication().test { client in
            for attempt in 1...5 {
                let response = try await Self.wrongLogin(client)
                #expect(response.status == .unauthorized, "attempt \(attempt)")
            }
            let refused = try await Self.wrongLogin(client)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text == #"{"error":"Too many login attempts. Try again in a minute."}"#)
            let retryAfter = try #require(refused.headers[HTTPField.Name("Retry-After")!].flatMap(Int.init))
            #expect((1...60).contains(retryAfter))
            #expect(refused.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "0")
        }
    }

    @Test func loginLimitIsNotDisabledByTheBenchmarkSwitch() async throws {
        try await TestApplication(environment: ["MC_DISABLE_RATE_LIMIT": "1"]).test { client in
            for _ in 1...5 { _ = try await Self.wrongLogin(client) }
            #expect(try await Self.wrongLogin(client).status == .tooManyRequests)
        }
    }

    @Test func everyResponseCarriesSecurityHeadersAndARequestID() async throws {
        try await TestApplication().test { client in
            try await client.execute(uri: "/api/status?action=health", method: .get) { response in
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "strict-origin-when-cross-origin")
                let csp = try #require(response.headers[HTTPField.Name("Content-Security-Policy")!])
                #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
                #expect(response.headers[HTTPField.Name("Strict-Transport-Security")!] == nil, "no HSTS over plain HTTP")
                #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.count == 36)
            }
            try await client.execute(uri: "/api/auth/me", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "errors get them too")
            }
        }
    }

    @Test func cookieAuthenticatedWriteFromAnotherOriginIsRefused() async throws {
        try await TestApplication().test { client in
            let login = try await AuthRoutesTests.login(client)
            let cookie = try #require(AuthRoutesTests.sessionCookie(login))
            try await client.execute(
                uri: "/api/auth/logout", method: .post,
                headers: [.cookie: cookie, .origin: "http://evil.example", HTTPField.Name("Host")!: "localhost:3000"]
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.text == #"{"error":"CSRF origin mismatch"}"#)
            }
            try await client.execute(
                uri: "/api/auth/logout", method: .post,
                headers: [.cookie: cookie, .origin: "http://localhost:3000", HTTPField.Name("Host")!: "localhost:3000"]
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func hostAllowlistRefusesUnknownHostsWithPlainForbidden() async throws {
        try await TestApplication(environment: ["MC_ALLOWED_HOSTS": "mc.example.com"]).test { client in
            try await client.execute(uri: "/api/status?action=health", method: .get, headers: [HTTPField.Name("Host")!: "evil.example"]) { response in
                #expect(response.status == .forbidden)
                #expect(response.text == "Forbidden")
            }
            try await client.execute(uri: "/api/status?action=health", method: .get, headers: [HTTPField.Name("Host")!: "mc.example.com"]) { response in
                #expect(response.status == .ok)
            }
            // A client cannot talk its way past the allowlist with a forwarded header.
            try await client.execute(
                uri: "/api/status?action=health", method: .get,
                headers: [HTTPField.Name("Host")!: "evil.example", HTTPField.Name("X-Forwarded-Host")!: "mc.example.com"]
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func invalidTrustedProxyIsAConfigurationError() async throws {
        await #expect {
            _ = try await TestApplication(environment: ["MC_TRUSTED_PROXIES": "10.0.0.0/99"])
        } throws: { error in
            "\(error)".contains("MC_TRUSTED_PROXIES") && "\(error)".contains("10.0.0.0/99")
        }
    }
}
