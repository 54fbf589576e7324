import MCWebhooks
import Testing

/// A resolver that answers from a table and counts lookups.
struct TableResolver: WebhookHostResolver {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "Name or service not known" }
    }
    let table: [String: [String]]

    func addresses(host: String, port: Int) async throws -> [WebhookIPAddress] {
        guard let entries = table[host] else { throw Failure() }
        return entries.compactMap(WebhookIPAddress.init)
    }
}

@Suite struct WebhookTargetGuardTests {
    let strict = WebhookTargetGuard(resolver: TableResolver(table: [:]))
    let lenient = WebhookTargetGuard(allowPrivate: true, resolver: TableResolver(table: [:]))
    static let hint = " (set MC_WEBHOOK_ALLOW_PRIVATE=1 to allow private targets)"

    func refusal(_ url: String, _ guardian: WebhookTargetGuard? = nil) -> String? {
        do {
            _ = try (guardian ?? strict).check(url: url)
            return nil
        } catch {
            return error.message
        }
    }

    /// The list and every address form: URL → exact message.
    @Test(arguments: [
        ("http://127.0.0.1/hook", "Refused: 127.0.0.1 is a loopback address" + hint),
        ("http://[::1]:8080/", "Refused: ::1 is a loopback address" + hint),
        ("http://10.0.0.1/", "Refused: 10.0.0.1 is a private address" + hint),
        ("http://172.16.5.4/", "Refused: 172.16.5.4 is a private address" + hint),
        ("http://172.31.255.255/", "Refused: 172.31.255.255 is a private address" + hint),
        ("http://192.168.1.1/", "Refused: 192.168.1.1 is a private address" + hint),
        ("http://169.254.169.254/latest/meta-data/", "Refused: 169.254.169.254 is a cloud metadata address"),
        ("http://169.254.170.2/", "Refused: 169.254.170.2 is a link-local address"),
        ("http://100.64.0.1/", "Refused: 100.64.0.1 is a carrier-grade NAT (100.64.0.0/10) address" + hint),
        ("http://100.100.100.200/", "Refused: 100.100.100.200 is a cloud metadata address"),
        ("http://0.0.0.0/", "Refused: 0.0.0.0 is an unspecified address"),
        ("http://0.1.2.3/", "Refused: 0.1.2.3 is a reserved address"),
        ("http://224.0.0.1/", "Refused: 224.0.0.1 is a multicast address"),
        ("http://255.255.255.255/", "Refused: 255.255.255.255 is a broadcast address"),
        ("http://240.0.0.1/", "Refused: 240.0.0.1 is a reserved address"),
        ("http://198.18.0.1/", "Refused: 198.18.0.1 is a reserved address"),
        ("http://[::]/", "Refused: :: is an unspecified address"),
        ("http://[fe80::1]/", "Refused: fe80::1 is a link-local address"),
        ("http://[febf::1]/", "Refused: febf::1 is a link-local address"),
        ("http://[fc00::1]/", "Refused: fc00::1 is a private address" + hint),
        ("http://[fd12:3456::1]/", "Refused: fd12:3456::1 is a private address" + hint),
        ("http://[fd00:ec2::254]/", "Refused: fd00:ec2::254 is a cloud metadata address"),
        ("http://[ff02::1]/", "Refused: ff02::1 is a multicast address"),
        ("http://[2001:db8::1]/", "Refused: 2001:db8::1 is a reserved address"),
        ("http://[::ffff:10.0.0.1]/", "Refused: ::ffff:10.0.0.1 is a private address" + hint),
        ("http://[::ffff:7f00:1]/", "Refused: ::ffff:127.0.0.1 is a loopback address" + hint),
        ("http://[::ffff:169.254.169.254]/", "Refused: ::ffff:169.254.169.254 is a cloud metadata address"),
        ("http://[::10.0.0.1]/", "Refused: ::10.0.0.1 is a private address" + hint),
        ("http://[64:ff9b::10.0.0.1]/", "Refused: 64:ff9b::a00:1 (embeds 10.0.0.1) is a private address" + hint),
        (
            "http://[64:ff9b::a9fe:a9fe]/",
            "Refused: 64:ff9b::a9fe:a9fe (embeds 169.254.169.254) is a cloud metadata address"
        ),
        ("http://[2002:7f00:1::]/", "Refused: 2002:7f00:1:: (embeds 127.0.0.1) is a loopback address" + hint),
        ("http://[fe80::1%25eth0]/", "Refused: fe80::1 is a link-local address"),
        ("http://2130706433/", "Refused: 2130706433 (127.0.0.1) is a loopback address" + hint),
        ("http://0x7f.1/", "Refused: 0x7f.1 (127.0.0.1) is a loopback address" + hint),
        ("http://0x7F000001/", "Refused: 0x7f000001 (127.0.0.1) is a loopback address" + hint),
        ("http://0177.0.0.1/", "Refused: 0177.0.0.1 (127.0.0.1) is a loopback address" + hint),
        ("http://127.1/", "Refused: 127.1 (127.0.0.1) is a loopback address" + hint),
        ("http://10.1/", "Refused: 10.1 (10.0.0.1) is a private address" + hint),
        ("http://0xa9.0xfe.0xa9.0xfe/", "Refused: 0xa9.0xfe.0xa9.0xfe (169.254.169.254) is a cloud metadata address"),
        ("http://0/", "Refused: 0 (0.0.0.0) is an unspecified address"),
        ("http://127.0.0.1./", "Refused: 127.0.0.1 is a loopback address" + hint),
        ("http://256.1.1.1/", "Refused: 256.1.1.1 is not a valid IPv4 address"),
        ("http://1.2.3.4.5/", "Refused: 1.2.3.4.5 is not a valid IPv4 address"),
        ("http://08.1.1.1/", "Refused: 08.1.1.1 is not a valid IPv4 address"),
        ("http://4294967296/", "Refused: 4294967296 is not a valid IPv4 address"),
        ("http://example.com.1/", "Refused: example.com.1 is not a valid IPv4 address"),
        ("http://localhost:3000/", "Refused: localhost is a loopback address" + hint),
        ("http://LOCALHOST./", "Refused: localhost is a loopback address" + hint),
        ("http://api.localhost/", "Refused: api.localhost is a loopback address" + hint),
        ("http://metadata.google.internal/", "Refused: metadata.google.internal is a cloud metadata address"),
        ("http://instance-data/", "Refused: instance-data is a cloud metadata address"),
        ("http://db.internal/", "Refused: db.internal is an internal host name" + hint),
        ("http://printer.local/", "Refused: printer.local is an internal host name" + hint),
        ("http://intranet/", "Refused: intranet is an internal host name" + hint),
        ("ftp://example.com/", "Refused: only http and https URLs are allowed (got ftp)"),
        ("file:///etc/passwd", "Refused: only http and https URLs are allowed (got file)"),
        ("example.com/hook", "Refused: only http and https URLs are allowed"),
        ("http://user:pass@example.com/", "Refused: URLs with a user name or password are not allowed"),
        ("http://user@example.com/", "Refused: URLs with a user name or password are not allowed"),
        ("http:///path", "Refused: the URL has no host"),
        ("http://example.com:0/", "Refused: port 0 is outside 1-65535"),
        ("http://exa mple.com/", "Refused: not a valid URL"),
        ("http://[::1/", "Refused: not a valid URL"),
        ("http://%31%32%37.0.0.1/", "Refused: 127.0.0.1 is a loopback address" + hint),
        ("http://127.0.0.1:80@example.com/", "Refused: URLs with a user name or password are not allowed"),
        ("http://127.0.0.1#@example.com/", "Refused: 127.0.0.1 is a loopback address" + hint),
    ])
    func refusesWithAClearMessage(url: String, message: String) {
        #expect(refusal(url) == message)
    }

    @Test func portLimits() throws {
        #expect(try strict.check(url: "https://example.com:1/").port == 1)
        #expect(try strict.check(url: "https://example.com:65535/").port == 65_535)
        #expect(refusal("https://example.com:65536/") == "Refused: port 65536 is outside 1-65535")
        #expect(try strict.check(url: "https://example.com/").port == 443)
        #expect(try strict.check(url: "http://example.com/").port == 80)
    }

    @Test(arguments: [
        "https://example.com/hooks", "http://8.8.8.8/", "http://[2606:4700::1111]/", "http://1.1.1.1:8443/x",
        "http://[::ffff:8.8.8.8]/", "http://[64:ff9b::8.8.8.8]/", "HTTPS://Example.COM/", "http://100.63.255.255/",
        "http://100.128.0.0/", "http://172.32.0.1/", "http://134744072/", "http://example.com#@127.0.0.1/",
    ])
    func publicTargetsPass(url: String) {
        #expect(refusal(url) == nil)
    }

    @Test func numericHostIsNormalised() throws {
        let target = try strict.check(url: "http://134744072:8080/x")
        #expect(target.host == "8.8.8.8")
        #expect(target.literalAddress == .v4(0x0808_0808))
        #expect(target.port == 8_080 && !target.isTLS)
        #expect(target.hostHeader == "8.8.8.8:8080")
        let ipv6 = try strict.check(url: "https://[2606:4700::1111]/")
        #expect(ipv6.host == "2606:4700::1111")
        #expect(ipv6.hostHeader == "[2606:4700::1111]")
        #expect(try strict.check(url: "https://Example.com:443/").hostHeader == "example.com")
    }

    @Test(arguments: [
        "http://127.0.0.1/", "http://[::1]/", "http://10.0.0.1/", "http://[fd00::1]/", "http://100.64.0.1/",
        "http://localhost/", "http://db.internal/", "http://2130706433/",
    ])
    func allowPrivateLetsPrivateAndLoopbackThrough(url: String) {
        #expect(refusal(url, lenient) == nil)
    }

    @Test(arguments: [
        ("http://169.254.169.254/", "Refused: 169.254.169.254 is a cloud metadata address"),
        ("http://metadata.google.internal/", "Refused: metadata.google.internal is a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "Refused: fd00:ec2::254 is a cloud metadata address"),
        ("http://169.254.1.1/", "Refused: 169.254.1.1 is a link-local address"),
        ("http://0.0.0.0/", "Refused: 0.0.0.0 is an unspecified address"),
        ("http://[::]/", "Refused: :: is an unspecified address"),
        ("http://239.1.1.1/", "Refused: 239.1.1.1 is a multicast address"),
        ("http://255.255.255.255/", "Refused: 255.255.255.255 is a broadcast address"),
    ])
    func allowPrivateStillRefusesTheRest(url: String, message: String) {
        #expect(refusal(url, lenient) == message)
    }

    @Test func everyResolvedAddressMustPass() async throws {
        let resolver = TableResolver(table: [
            "good.example": ["93.184.216.34", "2606:2800:220:1::1"],
            "evil.example": ["93.184.216.34", "10.0.0.1"],
            "rebind.example": ["::ffff:127.0.0.1"],
            "meta.example": ["169.254.169.254"],
            "empty.example": [],
        ])
        let guardian = WebhookTargetGuard(resolver: resolver)
        let resolved = try await guardian.resolve(url: "https://good.example/hook")
        #expect(resolved.address == WebhookIPAddress("93.184.216.34"))
        #expect(resolved.addresses.count == 2)
        #expect(resolved.target.host == "good.example")

        await #expect(throws: WebhookTargetRefusal(.blocked(.private), "")) {
            try await guardian.resolve(url: "https://evil.example/")
        }
        func message(_ url: String, _ guardian: WebhookTargetGuard) async -> String? {
            do {
                _ = try await guardian.resolve(url: url)
                return nil
            } catch { return error.message }
        }
        #expect(
            await message("https://evil.example/", guardian)
                == "Refused: evil.example resolves to 10.0.0.1, a private address" + Self.hint)
        #expect(
            await message("http://rebind.example/", guardian)
                == "Refused: rebind.example resolves to ::ffff:127.0.0.1, a loopback address" + Self.hint)
        #expect(
            await message("http://meta.example/", guardian)
                == "Refused: meta.example resolves to 169.254.169.254, a cloud metadata address")
        #expect(
            await message("http://empty.example/", guardian) == "Refused: empty.example did not resolve to any address")
        #expect(
            await message("http://missing.example/", guardian)
                == "Refused: missing.example did not resolve (Name or service not known)")
        #expect(await message("http://10.0.0.1/", guardian) == "Refused: 10.0.0.1 is a private address" + Self.hint)

        let lenient = WebhookTargetGuard(allowPrivate: true, resolver: resolver)
        #expect(try await lenient.resolve(url: "https://evil.example/").addresses.count == 2)
        #expect(
            await message("http://meta.example/", lenient)
                == "Refused: meta.example resolves to 169.254.169.254, a cloud metadata address")
    }

    @Test func literalHostsAreNotResolved() async throws {
        let resolved = try await strict.resolve(url: "http://0x08080808/")
        #expect(resolved.addresses == [.v4(0x0808_0808)])
    }

    /// The one test that uses the real resolver: `localhost` resolves without a network.
    @Test func systemResolverResolvesLocalhost() async throws {
        let addresses = try await SystemHostResolver().addresses(host: "localhost", port: 80)
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy { $0.addressClass == .loopback })
        let guardian = WebhookTargetGuard(allowPrivate: true)
        #expect(try await guardian.resolve(host: "localhost", port: 80).allSatisfy { $0.addressClass == .loopback })
    }

    @Test func addressParsingAndPrinting() {
        #expect(WebhookIPAddress("10.0.0.1") == .v4(0x0A00_0001))
        #expect(WebhookIPAddress("010.0.0.1") == nil)
        #expect(WebhookIPAddress("10.0.0") == nil)
        #expect(WebhookIPAddress("example.com") == nil)
        #expect(WebhookIPAddress("::1")?.description == "::1")
        #expect(WebhookIPAddress("2001:DB8:0:0:0:0:0:1")?.description == "2001:db8::1")
        #expect(WebhookIPAddress.parseIPv4Numeric("0x") == 0)
        #expect(WebhookIPAddress.parseIPv4Numeric("1.0x10.0300") == 0x0110_00C0)
        #expect(WebhookIPAddress.parseIPv4Numeric("1.16777216") == nil)
        #expect(WebhookIPAddress.parseIPv4Numeric("1.16777215") == 0x01FF_FFFF)
        #expect(WebhookIPAddress.parseIPv4Numeric("1.2.65536") == nil)
        #expect(WebhookIPAddress.parseIPv4Numeric("1.2.65535") == 0x0102_FFFF)
        #expect(WebhookIPAddress.parseIPv4Numeric("256.1") == nil)
        #expect(WebhookIPAddress.parseIPv4Numeric("1..1") == nil)
        #expect(WebhookIPAddress.parseIPv4Numeric("99999999999999999999") == nil)
        #expect(WebhookIPAddress.endsInNumber("a.b.0x1f"))
        #expect(!WebhookIPAddress.endsInNumber("a.b.c1"))
    }
}
