import NIOCore
import NIOPosix
import Synchronization

/// A TCP listener on 127.0.0.1 that counts connections and closes each at once: enough to
/// see where a client connected without speaking its protocol (for example TLS).
final class ConnectionCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// Connections accepted so far.
    var accepted: Int { count.load(ordering: .relaxed) }

    /// Runs `body` with the listener up; `body` gets the port.
    static func run(_ body: (_ port: Int, _ counter: ConnectionCounter) async throws -> Void) async throws {
        let counter = ConnectionCounter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                counter.count.wrappingAdd(1, ordering: .relaxed)
                return child.close()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(channel.localAddress?.port ?? 0, counter)
        } catch {
            try? await channel.close()
            throw error
        }
        try await channel.close()
    }
}
