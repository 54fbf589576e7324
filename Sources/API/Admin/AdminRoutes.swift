import Hummingbird
import MCShared

/// Registers the administration, records and search routes: users, setup and the global key
/// (§7.1), audit, activities and notifications (§7.6), search (§9.5) and workload (§9.1).
struct AdminRoutes {
    let dependencies: APIDependencies

    func register(on routes: RouteRegistry) {
        let database = dependencies.database
        let hasher = dependencies.hasher
        let environment = dependencies.configuration.environment
        UserRoutes(
            users: UserAdministration(database: database, hasher: hasher),
            setup: FirstAdminSetup(database: database, hasher: hasher),
            keys: GlobalKeyRotation(database: database, environmentKey: environment.string("API_KEY"))
        ).register(on: routes)
        AuditRoutes(audit: AuditQuery(database: database)).register(on: routes)
        ActivityRoutes(feed: ActivityFeed(database: database), stats: ActivityStats(database: database)).register(on: routes)
        NotificationRoutes(inbox: NotificationInbox(database: database)).register(on: routes)
        SearchRoutes(index: SearchIndex(database: database)).register(on: routes)
        let thresholds = Result<WorkloadThresholds, ConfigurationError> { () throws(ConfigurationError) in
            try WorkloadThresholds(environment: environment)
        }
        WorkloadRoutes(thresholds: thresholds, database: database).register(on: routes)
    }
}
