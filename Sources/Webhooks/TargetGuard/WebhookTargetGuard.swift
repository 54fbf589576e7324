/// The SSRF guard for webhook targets (reference mc-background §1.4, made stricter).
///
/// `check(url:)` is the static check, run when a webhook is created or its URL changed and
/// again before each delivery; `resolve(url:)` adds name resolution, requires EVERY resolved
/// address to pass, and returns them so the deliverer connects to an address that was checked.
///
/// Refused: schemes other than http(s); user info; a missing host; ports outside 1…65535;
/// loopback, private, link-local, carrier-grade NAT, metadata, unspecified, multicast,
/// broadcast and reserved addresses, IPv4 and IPv6 alike, including IPv4 addresses wrapped in
/// IPv6 (mapped, compatible, NAT64 `64:ff9b::/96`, 6to4) and numeric hosts in any spelling
/// `inet_aton` accepts (`2130706433`, `0x7f.1`, `0177.1`); names `localhost`, `*.localhost`,
/// metadata names, `*.internal`, `*.local`, `*.localdomain`, `*.home.arpa` and single-label
/// names. With `allowPrivate` (`MC_WEBHOOK_ALLOW_PRIVATE=1`) loopback, private, carrier-grade
/// NAT and internal names pass; link-local, metadata, unspecified, multicast, broadcast and
/// reserved never do.
public struct WebhookTargetGuard: Sendable {
    /// Whether private and loopback targets are allowed.
    public let allowPrivate: Bool
    /// Turns names into addresses.
    public let resolver: any WebhookHostResolver

    /// A guard; `resolver` defaults to the system's (getaddrinfo).
    public init(allowPrivate: Bool = false, resolver: any WebhookHostResolver = SystemHostResolver()) {
        self.allowPrivate = allowPrivate
        self.resolver = resolver
    }

    /// Names that always mean a cloud metadata service.
    static let metadataNames: Set<String> = [
        "metadata.google.internal", "metadata.internal", "metadata", "instance-data", "instance-data.ec2.internal",
    ]
    /// Suffixes of names that only resolve inside a network.
    static let internalSuffixes = [".internal", ".local", ".localdomain", ".home.arpa", ".lan", ".intranet"]

    /// The static check: refuses what can be refused without resolving a name.
    public func check(url: String) throws(WebhookTargetRefusal) -> WebhookTarget {
        guard let parts = WebhookURLParts(url) else {
            throw WebhookTargetRefusal(.invalidURL, "Refused: not a valid URL")
        }
        guard let scheme = parts.scheme, scheme == "http" || scheme == "https" else {
            let found = parts.scheme.map { " (got \($0))" } ?? ""
            throw WebhookTargetRefusal(.scheme, "Refused: only http and https URLs are allowed\(found)")
        }
        guard !parts.hasUserInfo else {
            throw WebhookTargetRefusal(.userInfo, "Refused: URLs with a user name or password are not allowed")
        }
        let host = WebhookURLParts.normalize(host: parts.host ?? "")
        guard !host.isEmpty else { throw WebhookTargetRefusal(.missingHost, "Refused: the URL has no host") }
        let port = parts.port ?? (scheme == "https" ? 443 : 80)
        guard (1...65_535).contains(port) else {
            throw WebhookTargetRefusal(.port, "Refused: port \(port) is outside 1-65535")
        }
        let literal = try literalAddress(host)
        if let literal {
            try checkLiteral(literal, written: host)
        } else {
            try checkName(host)
        }
        return WebhookTarget(
            scheme: scheme, host: literal.map(\.description) ?? host, port: port, literalAddress: literal, url: url)
    }

    /// The static check, then resolution: every address must pass.
    public func resolve(url: String) async throws(WebhookTargetRefusal) -> WebhookResolvedTarget {
        let target = try check(url: url)
        if let literal = target.literalAddress { return WebhookResolvedTarget(target: target, addresses: [literal]) }
        return WebhookResolvedTarget(target: target, addresses: try await resolve(host: target.host, port: target.port))
    }

    /// Resolves a host name (already through `check`) and checks every address it gives.
    public func resolve(host: String, port: Int) async throws(WebhookTargetRefusal) -> [WebhookIPAddress] {
        let addresses: [WebhookIPAddress]
        do {
            addresses = try await resolver.addresses(host: host, port: port)
        } catch {
            throw WebhookTargetRefusal(.unresolvable, "Refused: \(host) did not resolve (\(error))")
        }
        guard !addresses.isEmpty else {
            throw WebhookTargetRefusal(.unresolvable, "Refused: \(host) did not resolve to any address")
        }
        for address in addresses {
            let kind = address.addressClass
            guard !isAllowed(kind) else { continue }
            let hint = kind.allowedWhenPrivateAllowed ? WebhookTargetRefusal.allowPrivateHint : ""
            throw WebhookTargetRefusal(.blocked(kind), "Refused: \(host) resolves to \(address), \(kind.phrase)\(hint)")
        }
        return addresses
    }

    /// Whether an address or name of this kind may be a target.
    public func isAllowed(_ kind: WebhookAddressClass) -> Bool {
        kind == .public || (allowPrivate && kind.allowedWhenPrivateAllowed)
    }

    /// The address a host denotes, when it is a literal in any spelling; nil for a name.
    private func literalAddress(_ host: String) throws(WebhookTargetRefusal) -> WebhookIPAddress? {
        if host.contains(":") {
            guard let address = WebhookIPAddress(host), case .v6 = address else {
                throw WebhookTargetRefusal(.invalidAddress, "Refused: \(host) is not a valid IPv6 address")
            }
            return address
        }
        guard WebhookIPAddress.endsInNumber(host) else { return nil }
        guard let value = WebhookIPAddress.parseIPv4Numeric(host) else {
            throw WebhookTargetRefusal(.invalidAddress, "Refused: \(host) is not a valid IPv4 address")
        }
        return .v4(value)
    }

    private func checkLiteral(_ address: WebhookIPAddress, written: String) throws(WebhookTargetRefusal) {
        let kind = address.addressClass
        guard !isAllowed(kind) else { return }
        var subject = address.description
        if case .v4 = address, written != subject { subject = "\(written) (\(subject))" }
        if let embedded = address.embeddedIPv4, !subject.hasSuffix(WebhookIPAddress.v4(embedded).description) {
            subject += " (embeds \(WebhookIPAddress.v4(embedded)))"
        }
        throw WebhookTargetRefusal.blocked(subject, kind)
    }

    private func checkName(_ host: String) throws(WebhookTargetRefusal) {
        let kind: WebhookAddressClass
        if Self.metadataNames.contains(host) {
            kind = .metadata
        } else if host == "localhost" || host.hasSuffix(".localhost") {
            kind = .loopback
        } else if !host.contains(".") || Self.internalSuffixes.contains(where: { host.hasSuffix($0) }) {
            kind = .internalName
        } else {
            return
        }
        guard !isAllowed(kind) else { return }
        throw WebhookTargetRefusal.blocked(host, kind)
    }
}
