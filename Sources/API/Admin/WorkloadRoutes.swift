import HTTPTypes
import Hummingbird
import MCShared

/// `GET /api/workload` (reference §9.1).
struct WorkloadRoutes {
    /// Read once when the routes are built. An invalid `MC_WORKLOAD_*` value makes the route
    /// answer 500 naming the variable, rather than advising from a threshold nobody meant.
    let thresholds: Result<WorkloadThresholds, ConfigurationError>
    let database: EventedDatabase

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .get, path: "/api/workload", access: .role(.viewer), summary: "Capacity, queue depth and submission advice", tag: "Workload")) { _, context in
            let identity = try context.requireIdentity()
            let thresholds: WorkloadThresholds
            switch self.thresholds {
            case .success(let value): thresholds = value
            case .failure(let error): throw APIError(.internalServerError, error.description)
            }
            return try jsonResponse(
                try await WorkloadReport(database: database, thresholds: thresholds).run(workspaceID: identity.workspaceID))
        }
    }
}
