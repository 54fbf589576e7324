import Testing

@testable import MCAPI

/// The CSRF origin check on cookie-authenticated writes.
@Suite struct OriginCheckTests {
    let hosts = ["localhost:3000"]

    func allowed(_ origin: String?, method: String = "POST", hosts: [String]? = nil, cookie: Bool = true) -> Bool {
        OriginCheck.isAllowed(
            method: method, origin: origin, requestHosts: hosts ?? self.hosts, cookieAuthenticated: cookie)
    }

    @Test func sameOriginIsAllowed() {
        #expect(allowed("http://localhost:3000"))
        #expect(allowed("http://LOCALHOST:3000/"))
    }

    @Test func otherHostIsRefused() {
        #expect(!allowed("http://evil.example:3000"))
        #expect(!allowed("http://127.0.0.1:3000"))
    }

    @Test func otherPortIsRefused() {
        #expect(!allowed("http://localhost:8080"))
        #expect(!allowed("http://localhost"))
    }

    @Test func defaultPortsFollowTheOriginScheme() {
        #expect(allowed("https://mc.example.com", hosts: ["mc.example.com"]))
        #expect(allowed("https://mc.example.com:443", hosts: ["mc.example.com"]))
        #expect(allowed("http://mc.example.com", hosts: ["mc.example.com"]))
        #expect(allowed("https://mc.example.com", hosts: ["mc.example.com:443"]))
        #expect(!allowed("https://mc.example.com:8443", hosts: ["mc.example.com"]))
        #expect(!allowed("http://mc.example.com", hosts: ["mc.example.com:443"]))
    }

    @Test func noOriginIsAllowed() {
        #expect(allowed(nil))
    }

    @Test(arguments: ["GET", "HEAD", "OPTIONS"])
    func safeMethodsAreNeverChecked(_ method: String) {
        #expect(allowed("http://evil.example", method: method))
        #expect(allowed("null", method: method))
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE", "delete"])
    func writesAreChecked(_ method: String) {
        #expect(!allowed("http://evil.example", method: method))
        #expect(allowed("http://localhost:3000", method: method))
    }

    @Test func nullAndUnparsableOriginsAreRefusedForCookieWrites() {
        for origin in [
            "null", "", "localhost:3000", "http://user@localhost:3000", "http://localhost:3000/path",
            "http://localhost:abc", "chrome-extension://abcdef",
        ] {
            #expect(!allowed(origin), "\(origin)")
        }
    }

    @Test func writesWithoutACookieAreNotChecked() {
        #expect(allowed("http://evil.example", cookie: false))
        #expect(allowed("null", cookie: false))
    }

    @Test func bracketedIPv6Origins() {
        #expect(allowed("http://[::1]:3000", hosts: ["[::1]:3000"]))
        #expect(allowed("http://[0:0::1]:3000", hosts: ["[::1]:3000"]))
        #expect(!allowed("http://[::1]:3001", hosts: ["[::1]:3000"]))
    }

    @Test func requestAuthoritiesKeepPortsAndFollowTheProxyRule() {
        #expect(OriginCheck.requestAuthorities(host: "LocalHost:3000", fromTrustedProxy: false) == ["localhost:3000"])
        #expect(
            OriginCheck.requestAuthorities(
                host: "localhost:3000", forwardedHost: "evil.example", fromTrustedProxy: false) == ["localhost:3000"])
        let viaProxy = OriginCheck.requestAuthorities(
            host: "mission-control:3000", forwardedHost: "mc.example.com:8443", fromTrustedProxy: true)
        #expect(viaProxy == ["mc.example.com:8443"])
        #expect(allowed("https://mc.example.com:8443", hosts: viaProxy))
        #expect(OriginCheck.requestAuthorities(host: "[::1]:3000", fromTrustedProxy: false) == ["[::1]:3000"])
    }
}
