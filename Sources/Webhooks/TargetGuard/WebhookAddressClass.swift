/// What kind of address a webhook target is, for the SSRF guard. Everything but `.public` is
/// refused; `MC_WEBHOOK_ALLOW_PRIVATE=1` lets through the kinds with `allowedWhenPrivateAllowed`.
public enum WebhookAddressClass: String, Sendable, Hashable, CaseIterable {
    /// Globally routable.
    case `public`
    /// `0.0.0.0`, `::`: means "this host" to `connect()` on Linux.
    case unspecified
    /// `127.0.0.0/8`, `::1`, `localhost`, `*.localhost`.
    case loopback
    /// `10/8`, `172.16/12`, `192.168/16`, IPv6 unique local `fc00::/7` (and site-local `fec0::/10`).
    case `private`
    /// `100.64.0.0/10`, shared address space (carrier-grade NAT; also Tailscale's addresses).
    case carrierGradeNAT
    /// `169.254/16`, `fe80::/10`: where cloud metadata and credential services live.
    case linkLocal
    /// Cloud metadata endpoints: `169.254.169.254`, `fd00:ec2::254`, `100.100.100.200`,
    /// `metadata.google.internal` and friends.
    case metadata
    /// `224/4`, `ff00::/8`.
    case multicast
    /// `255.255.255.255`.
    case broadcast
    /// Other special-purpose ranges: `0/8`, `240/4`, documentation and benchmarking networks,
    /// IPv6 outside global unicast `2000::/3`, Teredo.
    case reserved
    /// Names only reachable inside a network: `*.internal`, `*.local`, `*.localdomain`, `*.home.arpa`.
    case internalName

    /// Whether `MC_WEBHOOK_ALLOW_PRIVATE=1` lets this kind through. Link-local stays refused
    /// even then: it is where cloud metadata and credential endpoints live (169.254.170.2, ...).
    public var allowedWhenPrivateAllowed: Bool {
        switch self {
        case .loopback, .private, .carrierGradeNAT, .internalName: true
        case .public, .unspecified, .linkLocal, .metadata, .multicast, .broadcast, .reserved: false
        }
    }

    /// The kind with its article, as used in refusal messages ("a private address").
    public var phrase: String {
        switch self {
        case .public: "a public address"
        case .unspecified: "an unspecified address"
        case .loopback: "a loopback address"
        case .private: "a private address"
        case .carrierGradeNAT: "a carrier-grade NAT (100.64.0.0/10) address"
        case .linkLocal: "a link-local address"
        case .metadata: "a cloud metadata address"
        case .multicast: "a multicast address"
        case .broadcast: "a broadcast address"
        case .reserved: "a reserved address"
        case .internalName: "an internal host name"
        }
    }
}
