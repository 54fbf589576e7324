import Foundation
import MCShared

/// The edge's configuration, read once at start: trusted proxies, host allowlist, rate limits.
struct EdgeSettings: Sendable {
    let clientAddresses: ClientAddressResolver
    let hosts: HostAllowlist
    let rateLimiter: RateLimiter

    /// Reads `MC_TRUSTED_PROXIES`, `MC_ALLOWED_HOSTS`, `MC_ALLOW_ANY_HOST` and
    /// `MC_DISABLE_RATE_LIMIT` (testing and benchmarks only: it never disables the login limit).
    init(environment: EnvironmentReader) throws(ConfigurationError) {
        do {
            clientAddresses = try ClientAddressResolver(
                trustedProxies: environment.string("MC_TRUSTED_PROXIES").map { [$0] } ?? [])
        } catch {
            throw ConfigurationError("MC_TRUSTED_PROXIES", error.description.replacingOccurrences(of: "MC_TRUSTED_PROXIES: ", with: ""))
        }
        hosts = HostAllowlist(
            allowed: environment.string("MC_ALLOWED_HOSTS"), allowAny: try environment.flag("MC_ALLOW_ANY_HOST"),
            implicitHosts: [ProcessInfo.processInfo.hostName])
        rateLimiter = RateLimiter(disabled: try environment.flag("MC_DISABLE_RATE_LIMIT"))
    }
}
