import Testing

@testable import MCAPI

/// The static response headers.
@Suite struct SecurityHeadersTests {
    func value(_ name: String, tls: Bool) -> String? {
        SecurityHeaders.headers(tls: tls).first { $0.name == name }?.value
    }

    @Test func cspAllowsNoInlineOrEvalCode() {
        let csp = SecurityHeaders.contentSecurityPolicy
        #expect(!csp.contains("unsafe-inline"))
        #expect(!csp.contains("unsafe-eval"))
        #expect(csp.contains("script-src 'self'"))
        #expect(csp.contains("style-src 'self'"))
        #expect(csp.contains("frame-ancestors 'none'"))
        #expect(
            csp == "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; "
                + "script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                + "form-action 'self'")
    }

    @Test(arguments: [false, true])
    func baseHeadersAreAlwaysPresent(_ tls: Bool) {
        #expect(value("X-Content-Type-Options", tls: tls) == "nosniff")
        #expect(value("X-Frame-Options", tls: tls) == "DENY")
        #expect(value("Referrer-Policy", tls: tls) == "strict-origin-when-cross-origin")
        #expect(value("Content-Security-Policy", tls: tls) == SecurityHeaders.contentSecurityPolicy)
        #expect(value("Cross-Origin-Opener-Policy", tls: tls) == "same-origin")
    }

    @Test func hstsOnlyWithTLS() {
        #expect(value("Strict-Transport-Security", tls: false) == nil)
        #expect(value("Strict-Transport-Security", tls: true) == "max-age=31536000; includeSubDomains")
        #expect(SecurityHeaders.headers(tls: false).count == 5)
        #expect(SecurityHeaders.headers(tls: true).count == 6)
    }
}
