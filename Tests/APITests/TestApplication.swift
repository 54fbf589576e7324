import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import MCShared

@testable import MCAPI

/// A real application on a temporary database, with an admin `admin` / `correct-horse-battery`
/// and the global key `test-global-key`.
struct TestApplication {
    static let adminPassword = "correct-horse-battery"
    static let globalKey = "test-global-key"

    let dependencies: APIDependencies
    let directory: String

    init(environment extra: [String: String] = [:], busClients: [String] = ["webhooks", "gateway"]) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcapi-\(UUID().uuidString)").path
        var environment = ["MC_DATA_DIR": directory, "AUTH_PASS": Self.adminPassword, "API_KEY": Self.globalKey]
        environment.merge(extra) { _, new in new }
        let configuration = try MissionControlConfiguration(environment: environment)
        try configuration.prepareDirectories()
        let pool = try DatabaseFactory.open(path: configuration.databasePath)
        dependencies = try APIDependencies(configuration: configuration, pool: pool, busClients: { busClients })
        _ = try await AdminBootstrap.ensureAdmin(
            database: dependencies.database, environment: configuration.environment, hasher: dependencies.hasher)
    }

    /// Runs `body` against the application in router mode (no sockets).
    func test(_ mode: TestingSetup = .router, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void)
        async throws
    {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let app = buildApplication(dependencies, logger: Logger(label: "test"))
        try await app.test(mode) { client in try await body(client) }
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The body as text.
    var text: String { String(buffer: body) }
}
