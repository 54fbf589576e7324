/// The host allowlist (`MC_ALLOWED_HOSTS`, mc-api.md §2.1): a defence against DNS rebinding, where
/// a page on an attacker's domain resolves that domain to this server and talks to it with the
/// victim browser's network position. A refused request gets 403 with the plain-text body
/// `Forbidden`.
///
/// Enforced when the list is non-empty and `MC_ALLOW_ANY_HOST` is off. Then every host the request
/// claims (`RequestHostHeaders`) must be `localhost`, `127.0.0.1`, `::1`, one of `implicitHosts`
/// (the machine's host name) or match a `HostPattern`; a request that names no host is refused.
///
/// Differences from the original, deliberately:
/// - Forwarding headers count only from trusted proxies, and every claimed host must match, not
///   any one (the original accepted `Host: evil.example` with `X-Forwarded-Host: localhost`).
/// - No `NODE_ENV`: the original enforced only in production; this server always is.
/// - `100.*`-style prefixes match IP literals only (`HostPattern`).
struct HostAllowlist: Sendable {
    /// Hosts that are always allowed.
    static let loopbackHosts = ["localhost", "127.0.0.1", "::1"]

    /// Whether `MC_ALLOW_ANY_HOST` turned the check off.
    let allowAny: Bool
    /// The parsed `MC_ALLOWED_HOSTS` entries.
    let patterns: [HostPattern]
    private let implicitHosts: Set<String>

    /// Creates the allowlist from the raw `MC_ALLOWED_HOSTS` value (comma list, nil or blank for
    /// none), `MC_ALLOW_ANY_HOST`, and hosts allowed besides the loopback ones (pass the
    /// machine's host name).
    init(allowed: String?, allowAny: Bool, implicitHosts: [String] = []) {
        self.allowAny = allowAny
        self.patterns = HeaderText.list(allowed).compactMap { HostPattern($0) }
        let extra = implicitHosts.compactMap { HostAuthority($0)?.host }
        self.implicitHosts = Set(Self.loopbackHosts + extra)
    }

    /// Whether requests are checked at all.
    var isEnforced: Bool { !allowAny && !patterns.isEmpty }

    /// Whether a request claiming `candidates` (from `candidates(...)`) may proceed: always when
    /// not enforced; otherwise only if there is at least one and every one is allowed.
    func isAllowed(candidates: [String]) -> Bool {
        guard isEnforced else { return true }
        return !candidates.isEmpty && candidates.allSatisfy(isAllowed(host:))
    }

    /// Whether one normalised host is allowed (ignoring `isEnforced`).
    func isAllowed(host: String) -> Bool {
        !host.isEmpty && (implicitHosts.contains(host) || patterns.contains { $0.matches(host) })
    }

    /// The normalised hosts a request claims (see `RequestHostHeaders` for which headers count),
    /// ports dropped, duplicates removed. A value that is not a valid host becomes `""`, which
    /// no rule allows.
    static func candidates(
        host: String?, forwardedHost: String? = nil, originalHost: String? = nil,
        forwardedServer: String? = nil, forwarded: String? = nil, fromTrustedProxy: Bool
    ) -> [String] {
        let headers = RequestHostHeaders(
            host: host, forwardedHost: forwardedHost, originalHost: originalHost,
            forwardedServer: forwardedServer, forwarded: forwarded)
        var seen: Set<String> = []
        return headers.claimedAuthorities(fromTrustedProxy: fromTrustedProxy)
            .map { $0?.host ?? "" }
            .filter { seen.insert($0).inserted }
    }
}
