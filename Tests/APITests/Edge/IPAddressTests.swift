import Testing

@testable import MCAPI

/// Address and CIDR parsing behind the trusted-proxy list.
@Suite struct IPAddressTests {
    @Test(arguments: [
        ("1.2.3.4", "1.2.3.4"),
        ("::1", "::1"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("::ffff:1.2.3.4", "1.2.3.4"),
        ("::FFFF:0a00:0001", "10.0.0.1"),
        ("fe80::1", "fe80::1"),
    ])
    func parsesToCanonicalText(_ input: String, _ canonical: String) {
        #expect(IPAddress(input)?.description == canonical)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.256", "01.2.3.4", "1.2.3.4 ", "[::1]", "::1::2", "example.com", "unknown"])
    func rejectsNonLiterals(_ input: String) {
        #expect(IPAddress(input) == nil)
    }

    @Test(arguments: [
        (" 1.2.3.4 ", "1.2.3.4"),
        ("1.2.3.4:5678", "1.2.3.4"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[::1]", "::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("[::ffff:192.0.2.1]:80", "192.0.2.1"),
    ])
    func lenientFormAcceptsHeaderAndSocketSpellings(_ input: String, _ canonical: String) {
        #expect(IPAddress(lenient: input)?.description == canonical)
    }

    @Test(arguments: ["1.2.3.4:port", "[::1]x", "[::1", "1.2.3.4:"])
    func lenientFormStillRejectsGarbage(_ input: String) {
        #expect(IPAddress(lenient: input) == nil)
    }

    @Test func ipv4RangeMembership() throws {
        let range = try #require(IPAddressRange("10.0.0.0/8"))
        #expect(range.contains(IPAddress("10.255.1.2")!))
        #expect(!range.contains(IPAddress("11.0.0.1")!))
        #expect(!range.contains(IPAddress("::1")!))
        let single = try #require(IPAddressRange("192.168.1.10"))
        #expect(single.contains(IPAddress("192.168.1.10")!))
        #expect(!single.contains(IPAddress("192.168.1.11")!))
        let everything = try #require(IPAddressRange("0.0.0.0/0"))
        #expect(everything.contains(IPAddress("203.0.113.5")!))
    }

    @Test func ipv6RangeMembership() throws {
        let range = try #require(IPAddressRange("fd00::/8"))
        #expect(range.contains(IPAddress("fd12:3456::1")!))
        #expect(!range.contains(IPAddress("fe80::1")!))
        #expect(!range.contains(IPAddress("10.0.0.1")!))
        let slash68 = try #require(IPAddressRange("2001:db8:0:0:1000::/68"))
        #expect(slash68.contains(IPAddress("2001:db8::1fff:ffff:ffff:ffff")!))
        #expect(!slash68.contains(IPAddress("2001:db8::2000:0:0:0")!))
        let loopback = try #require(IPAddressRange("::1"))
        #expect(loopback.contains(IPAddress("0:0:0:0:0:0:0:1")!))
    }

    @Test func mappedIPv4RangesMatchIPv4Addresses() throws {
        let mapped = try #require(IPAddressRange("::ffff:10.0.0.0/104"))
        #expect(mapped.contains(IPAddress("10.9.8.7")!))
        #expect(!mapped.contains(IPAddress("11.0.0.1")!))
        #expect(try #require(IPAddressRange("::/0")).contains(IPAddress("1.2.3.4")!))
    }

    @Test func hostBitsAreMaskedOff() {
        #expect(IPAddressRange("10.1.2.3/8")?.description == "10.0.0.0/8")
    }

    @Test(arguments: [
        "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0/8", "proxy.local", "*",
    ])
    func rejectsInvalidRanges(_ input: String) {
        #expect(IPAddressRange(input) == nil)
    }
}
