import MCIPC
import ServiceLifecycle

/// Runs the bus server as a service: accepts until graceful shutdown, then closes.
struct IPCServerService: Service {
    let server: IPCServer

    func run() async throws {
        try await withGracefulShutdownHandler {
            do {
                try await server.run()
            } catch is CancellationError {
                // Cancellation at the service boundary is a normal stop.
            }
        } onGracefulShutdown: {
            server.close()
        }
    }
}
