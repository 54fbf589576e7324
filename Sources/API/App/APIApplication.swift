import GRDB
import Hummingbird
import Logging
import MCShared
import MCWebhooks
import NIOCore
import ServiceLifecycle

/// Everything the routes need, built once at start (and by tests).
struct APIDependencies: Sendable {
    let configuration: MissionControlConfiguration
    let database: EventedDatabase
    let startedAt: ContinuousClock.Instant
    let hasher: PasswordHasher
    let busClients: @Sendable () -> [String]
    let edge: EdgeSettings
    /// The web UI's files.
    let assets: StaticAssets
    /// Seals secrets kept in the database (webhook secrets) with the data directory's key.
    let secrets: SecretBox
    /// `MC_WEBHOOK_MAX_RETRIES`, `MC_WEBHOOK_ALLOW_PRIVATE`.
    let webhookSettings: WebhookSettings
    /// `MC_WEBHOOK_HISTORY`: finished deliveries kept per webhook.
    let webhookHistory: Int
    /// Requests waiting for a manual delivery's outcome.
    let webhookWaiters = WebhookResultWaiters()
    /// Publishes a topic on the IPC bus (a no-op in tests without a bus).
    let busPublish: @Sendable (String, JSONValue) -> Void

    init(
        configuration: MissionControlConfiguration, pool: DatabasePool, hub: EventHub = EventHub(),
        startedAt: ContinuousClock.Instant = .now, hasher: PasswordHasher = .shared,
        busClients: @escaping @Sendable () -> [String] = { [] },
        busPublish: @escaping @Sendable (String, JSONValue) -> Void = { _, _ in }
    ) throws(ConfigurationError) {
        self.configuration = configuration
        self.database = EventedDatabase(pool: pool, hub: hub)
        self.startedAt = startedAt
        self.hasher = hasher
        self.busClients = busClients
        self.busPublish = busPublish
        self.webhookSettings = try WebhookSettings(environment: configuration.environment)
        self.webhookHistory = try configuration.environment.integer(
            "MC_WEBHOOK_HISTORY", default: WebhookLeases.defaultHistory, in: WebhookLeases.historyRange)
        do {
            self.secrets = try SecretBox(dataDirectory: configuration.dataDirectory)
        } catch {
            throw ConfigurationError("MC_DATA_DIR", "cannot use the secret key file: \(error)")
        }
        self.edge = try EdgeSettings(environment: configuration.environment)
        do {
            self.assets = try StaticAssets(directory: StaticAssets.locate(environment: configuration.environment))
        } catch {
            throw ConfigurationError("MC_PUBLIC_DIR", "\(error)")
        }
        // Checked here so a bad MC_WORKLOAD_* value stops the start (exit 78), not a request.
        _ = try WorkloadThresholds(environment: configuration.environment)
    }
}

extension APIDependencies {
    /// The deliverer's lease and report handling over the bus.
    var webhookLeases: WebhookLeases {
        WebhookLeases(
            database: database, secrets: secrets, schedule: webhookSettings.retrySchedule,
            breakerPolicy: WebhookCircuitBreakerPolicy(), waiters: webhookWaiters, history: webhookHistory)
    }
}

/// Registers every route on a registry; the route table is what tests and the OpenAPI
/// document read.
func buildRoutes(_ dependencies: APIDependencies) -> RouteRegistry {
    let router = Router(context: APIContext.self)
    router.add(middleware: EdgeMiddleware(settings: dependencies.edge))
    let keyHashCache = GlobalKeyHashCache.watching(dependencies.database.pool)
    router.add(
        middleware: AuthenticationMiddleware(
            resolver: IdentityResolver(
                database: dependencies.database, environmentAPIKey: dependencies.configuration.environment.string("API_KEY"),
                keyHashCache: keyHashCache)))
    let routes = RouteRegistry(router: router, rateLimiter: dependencies.edge.rateLimiter)
    StatusRoutes(
        database: dependencies.database.pool, startedAt: dependencies.startedAt,
        dataDirectory: dependencies.configuration.dataDirectory, busClients: dependencies.busClients,
        hub: dependencies.database.hub
    ).register(on: routes)
    AuthRoutes(database: dependencies.database, hasher: dependencies.hasher).register(on: routes)
    EventStreamRoutes(database: dependencies.database).register(on: routes)
    let docs = DocsRoutes()
    docs.register(on: routes)
    AgentRoutes(database: dependencies.database).register(on: routes)
    DeliveryRoutes(database: dependencies.database).register(on: routes)
    AgentSyncRoutes(database: dependencies.database, environment: dependencies.configuration.environment).register(on: routes)
    SettingsRoutes(database: dependencies.database).register(on: routes)
    WebhookRoutes(
        database: dependencies.database, secrets: dependencies.secrets,
        targets: WebhookURLPolicy(guardrail: dependencies.webhookSettings.targetGuard),
        manual: WebhookManualDelivery(
            database: dependencies.database, waiters: dependencies.webhookWaiters,
            delivererConnected: { dependencies.busClients().contains("webhooks") },
            wake: { dependencies.busPublish(WebhookBusEndpoint.dueTopic, .emptyObject) })
    ).register(on: routes)
    TaskRoutes(
        database: dependencies.database,
        coordinator: dependencies.configuration.environment.string("MC_COORDINATOR_AGENT")
    ).register(on: routes)
    TaskReviewRoutes(database: dependencies.database).register(on: routes)
    ReportRoutes(database: dependencies.database).register(on: routes)
    ProjectRoutes(database: dependencies.database).register(on: routes)
    AdminRoutes(dependencies: dependencies).register(on: routes)
    IntegrationRoutes(database: dependencies.database, environment: dependencies.configuration.environment).register(on: routes)
    WorkspaceRoutes(database: dependencies.database).register(on: routes)
    QueueRoutes(database: dependencies.database).register(on: routes)
    KnowledgeRoutes(database: dependencies.database, configuration: dependencies.configuration).register(on: routes)
    TokenRoutes(database: dependencies.database).register(on: routes)
    CostRoutes(database: dependencies.database, busPublish: dependencies.busPublish).register(on: routes)
    BudgetRoutes(database: dependencies.database).register(on: routes)
    docs.table.publish(routes.routes)
    WebRoutes(assets: dependencies.assets).register(on: router)
    return routes
}

/// Builds the HTTP application; `main` and the tests use the same function.
func buildApplication(
    _ dependencies: APIDependencies, services: [any Service] = [], logger: Logger,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let routes = buildRoutes(dependencies)
    let configuration = dependencies.configuration
    return Application(
        router: routes.router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: nil, reuseAddress: true),
        services: services + [EventHeartbeatService(hub: dependencies.database.hub)], onServerRunning: onServerRunning,
        logger: logger)
}
