import Foundation
import Hummingbird
import NIOCore

/// The request context of every route; identity and workspace join it with authentication.
struct APIContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The caller, once `AuthenticationMiddleware` has resolved a credential.
    var identity: Identity?
    /// The client's address (the TCP peer, or the first untrusted hop behind trusted proxies).
    var clientAddress: String = "unknown"

    /// Completes when the client's connection closes (long-lived responses stop on it).
    let connectionClosed: EventLoopFuture<Void>
    /// True when the client reached us over TLS (through a trusted proxy's X-Forwarded-Proto).
    var isSecure = false

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.connectionClosed = source.channel.closeFuture
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The one JSON encoder configuration of the API (STYLE: one way to do each thing).
    var responseEncoder: JSONEncoder { apiJSONEncoder() }
}
