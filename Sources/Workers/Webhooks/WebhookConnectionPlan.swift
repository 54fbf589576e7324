import Foundation
import MCWebhooks

/// How to reach a checked target without resolving its name again (DNS rebinding): for http
/// the request goes to the checked address itself with the original `Host` header; for https
/// the URL keeps the name (for SNI and the certificate check) and the client maps that name to
/// the checked address (`dnsOverride`). A pure value, so the rule is tested without sockets.
struct WebhookConnectionPlan: Sendable, Hashable {
    /// The URL handed to the HTTP client.
    var requestURL: String
    /// The `Host` header to send, when it differs from what `requestURL` implies.
    var hostHeader: String?
    /// For https to a name: the name and the checked address it must connect to.
    var pin: Pin?

    /// A host name pinned to an address (the key of a pinned client).
    struct Pin: Sendable, Hashable {
        var host: String
        var address: String
    }

    /// A plan given directly (tests).
    init(requestURL: String, hostHeader: String?, pin: Pin?) {
        self.requestURL = requestURL
        self.hostHeader = hostHeader
        self.pin = pin
    }

    /// The plan for `resolved`; nil when the URL cannot be split into path and query.
    init?(_ resolved: WebhookResolvedTarget) {
        let target = resolved.target
        guard let components = URLComponents(string: target.url) else { return nil }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        let query = components.percentEncodedQuery.map { "?" + $0 } ?? ""
        if !target.isTLS {
            var address = resolved.address.description
            if case .v6 = resolved.address { address = "[\(address)]" }
            requestURL = "http://\(address):\(target.port)\(path)\(query)"
            hostHeader = target.hostHeader
            pin = nil
        } else {
            var host = target.host
            if case .v6? = target.literalAddress { host = "[\(host)]" }
            requestURL = "https://\(host):\(target.port)\(path)\(query)"
            hostHeader = nil
            // A literal address host is itself the checked address: nothing to pin.
            pin = target.literalAddress == nil ? Pin(host: target.host, address: resolved.address.description) : nil
        }
    }
}
