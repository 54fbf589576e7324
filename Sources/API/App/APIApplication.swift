import GRDB
import Hummingbird
import Logging
import MCShared
import NIOCore
import ServiceLifecycle

/// Builds the HTTP application; `main` and the tests use the same function.
func buildApplication(
    configuration: MissionControlConfiguration, database: DatabasePool, startedAt: ContinuousClock.Instant,
    services: [any Service] = [], busClients: @escaping @Sendable () -> [String] = { [] }, logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router(context: APIContext.self)
    StatusRoutes(
        database: database, startedAt: startedAt, dataDirectory: configuration.dataDirectory, busClients: busClients)
        .register(on: router)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: nil, reuseAddress: true),
        services: services, onServerRunning: onServerRunning, logger: logger)
}
