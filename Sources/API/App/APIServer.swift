import Foundation
import GRDB
import Hummingbird
import Logging
import MCIPC
import MCShared
import MCWebhooks
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
        let agentLiveness = try AgentLivenessEndpoint(environment: configuration.environment)
        let webhookEndpoint = WebhookBusEndpoint()
        let sessionEndpoint = SessionBusEndpoint()
        let bus = try await IPCServer.bind(
            path: configuration.apiSocketPath, hello: hello,
            options: IPCOptions(maximumFrameSize: configuration.maxFrameSize),
            handler: APIBusHandler(startedAt: startedAt, logger: logger, agentLiveness: agentLiveness, webhooks: webhookEndpoint,
                sessions: sessionEndpoint),
            logger: logger)

        // The supervisor's shutdown request takes the same path as SIGTERM, so there is one
        // graceful shutdown sequence whoever asks for it.
        let link = try await SupervisorLink.connectIfSupervised(configuration: configuration, logger: logger) {
            kill(getpid(), SIGTERM)
        }
        var services: [any Service] = [IPCServerService(server: bus)]
        if let link { services.append(SupervisorHeartbeatService(link: link)) }

        let host = configuration.host
        let port = configuration.port
        // Committed events also go to the workers on the bus (topic `events`).
        let hub = EventHub(forward: { events in
            for event in events { bus.publish("events", ["id": .number(Double(event.id)), "type": .string(event.type), "workspace_id": .number(Double(event.workspaceID)), "data": event.payload]) }
        })
        let dependencies = try APIDependencies(
            configuration: configuration, pool: database, hub: hub, startedAt: startedAt,
            busClients: { bus.connections.compactMap { $0.peer?.name } },
            busPublish: { topic, body in bus.publish(topic, body) })
        agentLiveness.attach(dependencies.database)
        webhookEndpoint.attach(dependencies.webhookLeases)
        sessionEndpoint.attach(SessionLedger(database: dependencies.database))
        WebhookDueSignal.watch(database) { bus.publish(WebhookBusEndpoint.dueTopic, .emptyObject) }
        if dependencies.webhookSettings.allowPrivate {
            logger.warning(
                "MC_WEBHOOK_ALLOW_PRIVATE=1: webhooks may target loopback and private addresses",
                metadata: ["mc.setting": "MC_WEBHOOK_ALLOW_PRIVATE"])
        }
        switch try await AdminBootstrap.ensureAdmin(
            database: dependencies.database, environment: configuration.environment, hasher: dependencies.hasher)
        {
        case .created(let username, let generated?):
            // Printed once, straight to the terminal (and journal), never through the logger.
            FileHandle.standardError.write(Data(
                "\n  Mission Control admin account created: username '\(username)', password '\(generated)'\n  It is shown only this once: log in and change it (or set AUTH_PASS before the first start).\n\n".utf8))
        case .created(let username, nil):
            logger.notice("admin account created from AUTH_PASS", metadata: ["mc.user": "\(username)"])
        case .existingUsers:
            break
        }
        let app = buildApplication(dependencies, services: services, logger: logger) { _ in
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
