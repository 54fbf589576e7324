import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns a host name into addresses; injected into `WebhookTargetGuard` so tests can make any
/// name resolve to any address.
public protocol WebhookHostResolver: Sendable {
    /// Every address `host` resolves to (A and AAAA), in the resolver's order.
    func addresses(host: String, port: Int) async throws -> [WebhookIPAddress]
}

/// The system resolver, `getaddrinfo`, run on a Dispatch thread because it blocks.
public struct SystemHostResolver: WebhookHostResolver {
    /// A failed lookup, with `gai_strerror`'s text.
    public struct LookupError: Error, CustomStringConvertible {
        /// The `EAI_*` code.
        public let code: Int32
        /// `gai_strerror(code)`.
        public var description: String { String(cString: gai_strerror(code)) }
    }

    /// The system resolver.
    public init() {}

    /// Every address `getaddrinfo` gives for `host` (TCP), without duplicates.
    public func addresses(host: String, port: Int) async throws -> [WebhookIPAddress] {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.lookup(host: host, port: port) })
            }
        }
    }

    private static func lookup(host: String, port: Int) throws -> [WebhookIPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0 else { throw LookupError(code: code) }
        defer { freeaddrinfo(list) }
        var addresses: [WebhookIPAddress] = []
        var entry = list
        while let info = entry?.pointee {
            entry = info.ai_next
            guard let socketAddress = info.ai_addr else { continue }
            let address: WebhookIPAddress
            switch info.ai_family {
            case AF_INET:
                let ipv4 = UnsafeRawPointer(socketAddress).loadUnaligned(as: sockaddr_in.self)
                address = .v4(UInt32(bigEndian: ipv4.sin_addr.s_addr))
            case AF_INET6:
                var ipv6 = UnsafeRawPointer(socketAddress).loadUnaligned(as: sockaddr_in6.self)
                address = .v6(withUnsafeBytes(of: &ipv6.sin6_addr) { Array($0) })
            default:
                continue
            }
            if !addresses.contains(address) { addresses.append(address) }
        }
        return addresses
    }
}
