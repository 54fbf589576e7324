/// Decides the client IP of a request: the key of the IP-based rate limits and the address
/// recorded in audit rows.
///
/// - Without trusted proxies the client is the TCP peer. `X-Forwarded-For` and `X-Real-IP` are
///   ignored: any client can write them.
/// - With trusted proxies (`MC_TRUSTED_PROXIES`: addresses and CIDR ranges) and a TCP peer that is
///   one of them, `X-Forwarded-For` is walked right to left, skipping trusted hops; the first
///   untrusted entry is the client. Each proxy appends the address it saw, so everything right of
///   that entry was written by our own proxies and everything left of it by the client.
/// - If every entry is trusted, the header is missing, or the first untrusted entry is not an IP
///   address (a proxy wrote `unknown`, or a client-supplied value that our proxy passed on
///   unparsed), the peer address is used: no guessing from text we cannot trust.
///
/// Differences from the original (mc-api.md §3.8, quirk 7), deliberately:
/// - The original never looked at the TCP peer: without trusted proxies it keyed limits on the
///   client-settable `X-Real-IP` (or on `unknown`, one bucket shared by every client), and with
///   them it believed `X-Forwarded-For` from any peer. Here the peer is the default and the
///   header counts only when the peer is a trusted proxy.
/// - `X-Real-IP` is never read: a trusted proxy's `X-Forwarded-For` carries the same address.
/// - Entries are parsed, so CIDR ranges work and the result is canonical (`::ffff:1.2.3.4` and
///   `1.2.3.4` are one key; IPv6 case and zero compression are normalised).
/// - Invalid list entries throw at start instead of being compared as strings that never match.
struct ClientAddressResolver: Sendable {
    /// The client address of a request with no TCP peer (the Unix-socket listener): local tools.
    static let localClient = "local"

    /// The parsed `MC_TRUSTED_PROXIES` ranges; empty means no proxy is trusted.
    let trustedProxies: [IPAddressRange]

    /// Parses the trusted proxies. Each element may itself be a comma-separated list (the raw
    /// `MC_TRUSTED_PROXIES` value can be passed as one element); blank entries are skipped.
    /// - Throws: `TrustedProxyListError` naming the first entry that is not an address or range.
    init(trustedProxies: [String]) throws(TrustedProxyListError) {
        var ranges: [IPAddressRange] = []
        for entry in trustedProxies.flatMap({ HeaderText.list($0) }) {
            guard let range = IPAddressRange(entry) else {
                throw TrustedProxyListError(entry: String(entry))
            }
            ranges.append(range)
        }
        self.trustedProxies = ranges
    }

    /// Whether the TCP peer (`host`, `[v6]:port` or `v4:port`) is a trusted proxy; false for no
    /// peer or an unparsable one. Callers use this for `HostAllowlist`'s `fromTrustedProxy`.
    func isTrustedProxy(peer: String?) -> Bool {
        guard let peer, let address = IPAddress(lenient: peer) else { return false }
        return isTrusted(address)
    }

    /// The client address for a request from `peer` carrying `forwardedFor` (all
    /// `X-Forwarded-For` header lines joined with ", ", in order). Canonical IP text when the
    /// address parses; an unparsable peer is returned trimmed; no peer gives `localClient`.
    func clientAddress(peer: String?, forwardedFor: String?) -> String {
        guard let peer, !HeaderText.trimmed(peer).isEmpty else { return Self.localClient }
        guard let peerAddress = IPAddress(lenient: peer) else { return String(HeaderText.trimmed(peer)) }
        guard isTrusted(peerAddress) else { return peerAddress.description }
        for entry in HeaderText.list(forwardedFor).reversed() {
            guard let address = IPAddress(lenient: entry) else { return peerAddress.description }
            if !isTrusted(address) { return address.description }
        }
        return peerAddress.description
    }

    private func isTrusted(_ address: IPAddress) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
