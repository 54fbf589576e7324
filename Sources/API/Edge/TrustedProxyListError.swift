/// An `MC_TRUSTED_PROXIES` entry that is neither an IP address nor a CIDR range. Thrown at start
/// so a typo fails loudly instead of silently trusting nobody (or the wrong hop).
struct TrustedProxyListError: Error, Equatable, CustomStringConvertible {
    /// The offending entry, trimmed.
    var entry: String

    var description: String {
        "MC_TRUSTED_PROXIES: '\(entry)' is not an IP address or CIDR range "
            + "(expected e.g. 10.0.0.1, 10.0.0.0/8, ::1 or fd00::/8)"
    }
}
