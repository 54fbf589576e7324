import Testing

@testable import MCAPI

/// Client-IP derivation: the TCP peer unless a trusted proxy vouches for `X-Forwarded-For`.
@Suite struct ClientAddressResolverTests {
    @Test func withoutTrustedProxiesThePeerIsTheClient() throws {
        let resolver = try ClientAddressResolver(trustedProxies: [])
        #expect(resolver.clientAddress(peer: "203.0.113.9", forwardedFor: "1.1.1.1") == "203.0.113.9")
        #expect(resolver.clientAddress(peer: "203.0.113.9", forwardedFor: nil) == "203.0.113.9")
        #expect(!resolver.isTrustedProxy(peer: "127.0.0.1"))
    }

    @Test func trustedPeerChainYieldsTheRightmostUntrustedEntry() throws {
        let resolver = try ClientAddressResolver(trustedProxies: ["10.0.0.0/8, 192.168.1.1"])
        // client-forged, real client, then two of our own proxies
        let chain = "6.6.6.6, 198.51.100.23, 192.168.1.1, 10.1.2.3"
        #expect(resolver.clientAddress(peer: "10.0.0.5", forwardedFor: chain) == "198.51.100.23")
        #expect(resolver.isTrustedProxy(peer: "10.0.0.5"))
    }

    @Test func untrustedPeerHeaderIsIgnored() throws {
        let resolver = try ClientAddressResolver(trustedProxies: ["10.0.0.0/8"])
        #expect(resolver.clientAddress(peer: "203.0.113.9", forwardedFor: "10.0.0.1, 1.2.3.4") == "203.0.113.9")
        #expect(!resolver.isTrustedProxy(peer: "203.0.113.9"))
    }

    @Test func trustedPeerFallsBackToItself() throws {
        let resolver = try ClientAddressResolver(trustedProxies: ["10.0.0.0/8"])
        #expect(resolver.clientAddress(peer: "10.0.0.5", forwardedFor: nil) == "10.0.0.5")
        #expect(resolver.clientAddress(peer: "10.0.0.5", forwardedFor: " , ") == "10.0.0.5")
        #expect(resolver.clientAddress(peer: "10.0.0.5", forwardedFor: "10.0.0.9, 10.0.0.8") == "10.0.0.5")
        // A non-address where the client should be: not guessed at, not skipped over.
        #expect(resolver.clientAddress(peer: "10.0.0.5", forwardedFor: "1.2.3.4, unknown") == "10.0.0.5")
    }

    @Test func ipv6ProxiesAndClients() throws {
        let resolver = try ClientAddressResolver(trustedProxies: ["::1", "fd00::/8"])
        #expect(resolver.clientAddress(peer: "::1", forwardedFor: "2001:DB8::7, fd00::2") == "2001:db8::7")
        #expect(resolver.clientAddress(peer: "[fd00::9]:51234", forwardedFor: "[2001:db8::8]:4711") == "2001:db8::8")
        #expect(resolver.clientAddress(peer: "fe80::1", forwardedFor: "2001:db8::7") == "fe80::1")
    }

    @Test func ipv4MappedAddressesAreNormalised() throws {
        let resolver = try ClientAddressResolver(trustedProxies: ["127.0.0.1"])
        #expect(resolver.clientAddress(peer: "::ffff:127.0.0.1", forwardedFor: "::ffff:198.51.100.4") == "198.51.100.4")
        #expect(resolver.isTrustedProxy(peer: "::ffff:127.0.0.1"))
        let untrusted = try ClientAddressResolver(trustedProxies: [])
        #expect(untrusted.clientAddress(peer: "::ffff:203.0.113.1", forwardedFor: nil) == "203.0.113.1")
    }

    @Test func noPeerIsTheLocalSocket() throws {
        let resolver = try ClientAddressResolver(trustedProxies: ["10.0.0.0/8"])
        #expect(resolver.clientAddress(peer: nil, forwardedFor: "1.2.3.4") == ClientAddressResolver.localClient)
        #expect(!resolver.isTrustedProxy(peer: nil))
    }

    @Test func blankEntriesAreSkipped() throws {
        let resolver = try ClientAddressResolver(trustedProxies: [" 10.0.0.1 , ,", ""])
        #expect(resolver.trustedProxies.map(\.description) == ["10.0.0.1/32"])
    }

    @Test func invalidEntryErrorNamesTheEntry() {
        #expect(throws: TrustedProxyListError(entry: "10.0.0.0/33")) {
            try ClientAddressResolver(trustedProxies: ["10.0.0.1, 10.0.0.0/33, ::1"])
        }
        do {
            _ = try ClientAddressResolver(trustedProxies: ["proxy.internal"])
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "MC_TRUSTED_PROXIES: 'proxy.internal' is not an IP address or CIDR range "
                    + "(expected e.g. 10.0.0.1, 10.0.0.0/8, ::1 or fd00::/8)")
        }
    }
}
