import ServiceLifecycle

/// Sends the supervisor a heartbeat every second until graceful shutdown.
public struct SupervisorHeartbeatService: Service {
    /// Creates the service for `link`.
    public init(link: SupervisorLink) { self.link = link }

    let link: SupervisorLink

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await link.runHeartbeats()
        }
    }
}
