import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// Every route of the route table × {anonymous, viewer, operator, admin, agent key}: callers
/// below a route's role get 401 (no identity) or 403, callers at or above it get neither. The
/// table is the one the router and the OpenAPI document are built from.
@Suite struct RoleMatrixTests {
    enum Principal: String, CaseIterable, Sendable {
        case anonymous, viewer, `operator`, admin, agentKey

        /// The role the principal has; the matrix agent key carries the default scopes (viewer).
        var role: Role? {
            switch self {
            case .anonymous: nil
            case .viewer, .agentKey: .viewer
            case .operator: .operator
            case .admin: .admin
            }
        }
    }

    static let agentKey = "mca_" + String(repeating: "ab", count: 24)

    /// Sessions for a viewer and an operator, and an agent with a key, straight in the database.
    static func seed(_ database: EventedDatabase) async throws {
        try await database.pool.write { db in
            for role in ["viewer", "operator"] {
                try db.execute(
                    sql: "INSERT INTO users (username, display_name, password_hash, role) VALUES (?, ?, 'x', ?)",
                    arguments: ["matrix-\(role)", role, role])
            }
            try db.execute(sql: "INSERT INTO agents (name, role, status) VALUES ('matrix-agent', 'agent', 'idle')")
            try db.execute(
                sql: "INSERT INTO agent_api_keys (agent_id, name, key_hash, key_prefix, scopes) VALUES (?, 'k', ?, 'mca_abababab', '[\"viewer\"]')",
                arguments: [db.lastInsertedRowID, SecretToken.sha256Hex(agentKey)])
        }
    }

    /// (Re)creates the viewer's and operator's sessions: the matrix calls logout, which ends them.
    static func openSessions(_ database: EventedDatabase) async throws {
        try await database.pool.write { db in
            for role in ["viewer", "operator", "admin"] {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO user_sessions (token, user_id, expires_at)
                        SELECT ?, id, unixepoch() + 3600 FROM users WHERE username = ?
                        """,
                    arguments: [SecretToken.sha256Hex("token-\(role)"), role == "admin" ? "admin" : "matrix-\(role)"])
            }
        }
    }

    static func headers(_ principal: Principal) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        switch principal {
        case .anonymous: break
        case .viewer: headers[.cookie] = "mc-session=token-viewer"
        case .operator: headers[.cookie] = "mc-session=token-operator"
        // A session rather than the global key: the matrix also rotates the global key.
        case .admin: headers[.cookie] = "mc-session=token-admin"
        case .agentKey: headers[HTTPField.Name("x-api-key")!] = agentKey
        }
        return headers
    }

    /// The path with every `{parameter}` set to an id that exists nowhere, so no route changes
    /// anything while the matrix runs.
    static func concretePath(_ route: RouteDescriptor) -> String {
        route.path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") ? "999999" : String(segment)
        }.joined(separator: "/")
    }

    @Test func everyRouteEnforcesItsRoleForEveryKindOfCaller() async throws {
        let app = try await TestApplication(environment: ["MC_DISABLE_RATE_LIMIT": "1"])
        try await Self.seed(app.dependencies.database)
        let routes = buildRoutes(app.dependencies).routes
        #expect(routes.count > 5)
        try await app.test(.router) { client in
            for route in routes where route.path != "/api/events" {
                for principal in Principal.allCases {
                    try await Self.openSessions(app.dependencies.database)
                    let method = route.method
                    let body = ["POST", "PUT", "PATCH", "DELETE"].contains(method.rawValue) ? ByteBuffer(string: "{}") : nil
                    let response = try await client.execute(
                        uri: Self.concretePath(route), method: method, headers: Self.headers(principal), body: body)
                    let code = response.status.code
                    let label = "\(route.method.rawValue) \(route.path) as \(principal.rawValue): \(code) \(response.text)"
                    switch route.access {
                    case .public:
                        // Setup is public but closed once an admin exists.
                        let closedSetup = route.path == "/api/setup" && response.text.contains("Setup has already been completed")
                        // /api/status is public for ?action=health only; its overview needs a viewer.
                        let statusOverview = route.path == "/api/status" && principal == .anonymous && code == 401
                        #expect((code != 401 || statusOverview) && (code != 403 || closedSetup), "\(label)")
                    case .role(let minimum):
                        guard let role = principal.role else {
                            #expect(code == 401, "\(label)")
                            continue
                        }
                        if role < minimum {
                            #expect(code == 403, "\(label)")
                            #expect(response.text == #"{"error":"Requires \#(minimum.rawValue) role or higher"}"#, "\(label)")
                        } else {
                            // Agent keys may meet the original's self-scoping refusals.
                            let scoped = principal == .agentKey
                                && (response.text.contains("Access denied: agent key")
                                    || response.text.contains("API key users cannot change passwords"))
                            #expect((code != 401 && code != 403) || scoped, "\(label)")
                        }
                    }
                }
            }
        }
    }

    @Test func everyDocumentedRouteReachesAHandlerAndTheDocumentListsExactlyTheTable() async throws {
        let app = try await TestApplication(environment: ["MC_DISABLE_RATE_LIMIT": "1"])
        try await Self.seed(app.dependencies.database)
        let routes = buildRoutes(app.dependencies).routes
        try await app.test(.router) { client in
            let document = try await client.execute(uri: "/api/openapi.json", method: .get)
            #expect(document.status == .ok)
            let paths = try #require(document.json["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            let registered = Set(routes.map { "\($0.method.rawValue) \($0.path)" })
            #expect(documented == registered)
            for route in routes where route.path != "/api/events" {
                try await Self.openSessions(app.dependencies.database)
                let response = try await client.execute(
                    uri: Self.concretePath(route), method: route.method, headers: Self.headers(.admin),
                    body: ByteBuffer(string: "{}"))
                // The router's own 404 has no body; every handler's error is JSON.
                let unrouted = response.status == .notFound && response.body.readableBytes == 0
                #expect(!unrouted, "\(route.method.rawValue) \(route.path) is documented but not routed")
            }
            let page = try await client.execute(uri: "/api/docs", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("/api/auth/login"))
            #expect(!page.text.contains("<script"))
        }
    }
}
