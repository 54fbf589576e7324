import ServiceLifecycle

/// Sends SSE subscribers a keep-alive comment every 15 seconds, so proxies keep idle streams
/// open and clients notice a dead connection.
struct EventHeartbeatService: Service {
    let hub: EventHub
    static let interval: Duration = .seconds(15)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                hub.heartbeat()
            }
        }
    }
}
