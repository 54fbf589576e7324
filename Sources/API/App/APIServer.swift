import GRDB
import Hummingbird
import Logging
import MCIPC
import MCShared
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// Starts everything `mc-api` runs, in the order that makes "ready" true: migrations, the bus
/// socket, the HTTP listener; only then `child.ready` goes to the supervisor.
struct APIServer {
    let configuration: MissionControlConfiguration
    let logger: Logger

    func run() async throws {
        let startedAt = ContinuousClock.now
        let database = try DatabaseFactory.open(path: configuration.databasePath)
        logger.info("database ready", metadata: ["mc.db.path": "\(configuration.databasePath)"])

        let hello = IPCHello(role: "api", name: "api", pid: getpid(), build: MissionControlVersion.current)
        let bus = try await IPCServer.bind(
            path: configuration.apiSocketPath, hello: hello,
            options: IPCOptions(maximumFrameSize: configuration.maxFrameSize),
            handler: APIBusHandler(startedAt: startedAt, logger: logger), logger: logger)

        // The supervisor's shutdown request takes the same path as SIGTERM, so there is one
        // graceful shutdown sequence whoever asks for it.
        let link = try await SupervisorLink.connectIfSupervised(configuration: configuration, logger: logger) {
            kill(getpid(), SIGTERM)
        }
        var services: [any Service] = [IPCServerService(server: bus)]
        if let link { services.append(SupervisorHeartbeatService(link: link)) }

        let host = configuration.host
        let port = configuration.port
        let app = buildApplication(
            configuration: configuration, database: database, startedAt: startedAt, services: services,
            busClients: { bus.connections.compactMap { $0.peer?.name } }, logger: logger
        ) { _ in
            logger.info("listening", metadata: ["mc.http.address": "http://\(host):\(port)"])
            do {
                try await link?.reportReady()
            } catch {
                logger.error("could not report ready to the supervisor", metadata: ["mc.error": "\(error)"])
            }
        }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        link?.close()
        logger.info("stopped")
    }
}
