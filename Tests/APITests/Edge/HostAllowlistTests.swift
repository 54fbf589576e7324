import Testing

@testable import MCAPI

/// `MC_ALLOWED_HOSTS` patterns, candidate normalisation and which headers count.
@Suite struct HostAllowlistTests {
    let allowlist = HostAllowlist(
        allowed: "mc.example.com, *.corp.example, 100.*, 2001:db8::10", allowAny: false,
        implicitHosts: ["build-box"])

    func allows(_ host: String) -> Bool {
        allowlist.isAllowed(candidates: HostAllowlist.candidates(host: host, fromTrustedProxy: false))
    }

    @Test func exactPattern() {
        #expect(allows("mc.example.com"))
        #expect(!allows("example.com"))
        #expect(!allows("evil-mc.example.com"))
        #expect(!allows("a.mc.example.com"))
    }

    @Test func wildcardCoversSubdomainsNotTheApex() {
        #expect(allows("a.corp.example"))
        #expect(allows("deep.a.corp.example"))
        #expect(!allows("corp.example"))
        #expect(!allows("evilcorp.example"))
    }

    @Test func prefixPatternMatchesAddressLiteralsOnly() {
        #expect(allows("100.64.0.7"))
        #expect(allows("100.101.102.103:3000"))
        #expect(!allows("10.0.0.1"))
        #expect(!allows("100.attacker.example"))  // a name a DNS-rebinding attacker controls
    }

    @Test func implicitHostsAreAlwaysAllowed() {
        for host in ["localhost", "127.0.0.1", "[::1]", "build-box", "BUILD-BOX:3000"] {
            #expect(allows(host), "\(host)")
        }
    }

    @Test func normalisationStripsPortTrailingDotBracketsAndCase() {
        #expect(HostAllowlist.candidates(host: " MC.Example.COM.:8443 ", fromTrustedProxy: false) == ["mc.example.com"])
        #expect(HostAllowlist.candidates(host: "[2001:DB8:0::10]:3000", fromTrustedProxy: false) == ["2001:db8::10"])
        #expect(HostAllowlist.candidates(host: "::1", fromTrustedProxy: false) == ["::1"])
        #expect(allows("mc.example.com.:443"))
        #expect(allows("[2001:db8::10]:3000"))
        #expect(allows("2001:db8::10"))
    }

    @Test(arguments: [
        "evil.example", "mc.example.com:http", "mc.example.com/x", "[mc.example.com]", "mc..example.com", "",
    ])
    func invalidOrUnlistedHostsAreRefused(_ host: String) {
        #expect(!allows(host))
    }

    @Test func missingHostIsRefusedWhenEnforced() {
        #expect(!allowlist.isAllowed(candidates: []))
        #expect(!allowlist.isAllowed(candidates: HostAllowlist.candidates(host: nil, fromTrustedProxy: false)))
    }

    @Test func forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        let candidates = HostAllowlist.candidates(
            host: "evil.example", forwardedHost: "localhost", originalHost: "mc.example.com",
            forwardedServer: "mc.example.com", forwarded: "host=localhost", fromTrustedProxy: false)
        #expect(candidates == ["evil.example"])
        #expect(!allowlist.isAllowed(candidates: candidates))
    }

    @Test func forwardedHeadersFromATrustedProxyNameTheHost() {
        // The proxy rewrote Host to its upstream's name; the forwarded host decides.
        let viaProxy = HostAllowlist.candidates(
            host: "mission-control:3000", forwardedHost: "mc.example.com", fromTrustedProxy: true)
        #expect(viaProxy == ["mc.example.com"])
        #expect(allowlist.isAllowed(candidates: viaProxy))

        let rfc7239 = HostAllowlist.candidates(
            host: "upstream", forwarded: "for=192.0.2.60;proto=https;host=\"a.corp.example:8443\", for=10.0.0.1",
            fromTrustedProxy: true)
        #expect(rfc7239 == ["a.corp.example"])
        #expect(allowlist.isAllowed(candidates: rfc7239))

        let noForwarding = HostAllowlist.candidates(host: "mc.example.com", fromTrustedProxy: true)
        #expect(allowlist.isAllowed(candidates: noForwarding))
    }

    @Test func everyForwardedValueMustMatch() {
        // An appending proxy: the client's forged value on the left, the real host on the right.
        let appended = HostAllowlist.candidates(
            host: "upstream", forwardedHost: "localhost, evil.example", fromTrustedProxy: true)
        #expect(appended == ["localhost", "evil.example"])
        #expect(!allowlist.isAllowed(candidates: appended))

        let mixed = HostAllowlist.candidates(
            host: "upstream", forwardedHost: "mc.example.com", originalHost: "evil.example", fromTrustedProxy: true)
        #expect(!allowlist.isAllowed(candidates: mixed))
    }

    @Test func notEnforcedWithoutPatternsOrWithAllowAny() {
        let evil = HostAllowlist.candidates(host: "evil.example", fromTrustedProxy: false)
        #expect(HostAllowlist(allowed: nil, allowAny: false, implicitHosts: []).isAllowed(candidates: evil))
        #expect(HostAllowlist(allowed: " , ", allowAny: false, implicitHosts: []).isAllowed(candidates: evil))
        let anyHost = HostAllowlist(allowed: "mc.example.com", allowAny: true, implicitHosts: [])
        #expect(!anyHost.isEnforced)
        #expect(anyHost.isAllowed(candidates: evil))
        #expect(anyHost.isAllowed(candidates: []))
        #expect(allowlist.isEnforced)
    }

    @Test func patternsAreNormalised() {
        let list = HostAllowlist(allowed: " MC.Example.com. , *.Corp.Example., [::2]:80, *", allowAny: false)
        #expect(
            list.patterns == [
                .exact("mc.example.com"), .subdomain(suffix: ".corp.example"), .exact("::2"), .exact("*"),
            ])
        #expect(list.isAllowed(host: "mc.example.com"))
        #expect(list.isAllowed(host: "::2"))
        #expect(!list.isAllowed(host: "other.example"))  // a lone `*` is not a wildcard
    }
}
