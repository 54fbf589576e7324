import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// Who may read `GET /api/agents/{id}/attribution` and `/diagnostics` (reference §7.4, quirk
/// 16), and their `hours`/`section` validation.
@Suite struct AgentReportAccessTests {
    typealias S = ReportTestSupport
    static let agentName = HTTPField.Name("x-agent-name")!

    static func forbidden(_ report: String) -> String {
        "Forbidden: \(report) is self-scope by default. Use the agent's own key, or privileged=1 as an admin."
    }

    /// Agents `alpha` and `beta` with keys in workspace 1, `gamma` in workspace 2.
    struct Fixture {
        var alpha: Int64
        var gamma: Int64
        var alphaKey: String
        var betaKey: String
    }

    static func seed(_ app: TestApplication) async throws -> Fixture {
        try await S.addWorkspace(app)
        let alpha = try await S.agent(app, "alpha")
        let beta = try await S.agent(app, "beta")
        let gamma = try await S.agent(app, "gamma", workspaceID: 2)
        return Fixture(
            alpha: alpha, gamma: gamma, alphaKey: try await S.key(app, agentID: alpha),
            betaKey: try await S.key(app, agentID: beta))
    }

    @Test(arguments: ["attribution", "diagnostics"])
    func selfAndPrivilegedCallersOnly(report: String) async throws {
        let app = try await TestApplication()
        let fixture = try await Self.seed(app)
        let database = app.dependencies.database
        let viewer = try await AgentTestSupport.user(database, "viewer1", role: "viewer")
        let sameName = try await AgentTestSupport.user(database, "alpha", role: "viewer")
        let admin = try await AgentTestSupport.user(database, "admin2", role: "admin")
        try await app.test { client in
            func get(_ path: String, _ headers: HTTPFields) async throws -> TestResponse {
                try await S.send(client, .get, path, headers: headers)
            }
            let byName = "/api/agents/alpha/\(report)"
            let byID = "/api/agents/\(fixture.alpha)/\(report)"
            // The agent's own key, by name and by id.
            for path in [byName, byID] {
                let own = try await get(path, AgentTestSupport.agentKey(fixture.alphaKey))
                #expect(own.status == .ok, "\(path): \(own.text)")
                #expect(own.json["access_scope"] as? String == "self")
                #expect(own.json["agent_name"] as? String == "alpha")
            }
            // A signed-in user whose username is the agent's name.
            let user = try await get(byName, AgentTestSupport.session(sameName))
            #expect(user.status == .ok)
            #expect(user.json["access_scope"] as? String == "self")
            var refusals: [(String, HTTPFields)] = [
                ("another agent's key", AgentTestSupport.agentKey(fixture.betaKey)),
                ("admin key without privileged", AgentTestSupport.admin),
            ]
            var headerOnly = AgentTestSupport.session(viewer)
            headerOnly[Self.agentName] = "alpha"
            refusals.append(("x-agent-name header alone", headerOnly))
            var adminHeader = AgentTestSupport.session(admin)
            adminHeader[Self.agentName] = "alpha"
            refusals.append(("admin session naming the agent", adminHeader))
            for (label, headers) in refusals {
                let refused = try await get(byName, headers)
                #expect(refused.status == .forbidden, "\(label)")
                #expect(refused.json["error"] as? String == Self.forbidden(report), "\(label)")
            }
            // privileged=1 is for admins only.
            let notAdmin = try await get(byName + "?privileged=1", AgentTestSupport.session(viewer))
            #expect(notAdmin.status == .forbidden)
            for headers in [AgentTestSupport.admin, AgentTestSupport.session(admin)] {
                let privileged = try await get(byName + "?privileged=1", headers)
                #expect(privileged.status == .ok)
                #expect(privileged.json["access_scope"] as? String == "privileged")
            }
            // Unknown agents and other workspaces' agents are not found, for anyone.
            for path in ["/api/agents/nobody/\(report)", "/api/agents/gamma/\(report)", "/api/agents/\(fixture.gamma)/\(report)"] {
                let missing = try await get(path + "?privileged=1", AgentTestSupport.admin)
                #expect(missing.status == .notFound, "\(path)")
                #expect(missing.json["error"] as? String == "Agent not found")
            }
        }
    }

    @Test(arguments: ["attribution", "diagnostics"])
    func hoursAndSectionsAreValidated(report: String) async throws {
        let app = try await TestApplication()
        let fixture = try await Self.seed(app)
        let sections = report == "attribution" ? AgentAttribution.sections : AgentDiagnostics.sections
        try await app.test { client in
            func get(_ query: String) async throws -> TestResponse {
                try await S.send(client, .get, "/api/agents/alpha/\(report)?\(query)", headers: AgentTestSupport.agentKey(fixture.alphaKey))
            }
            for (query, hours) in [("", 24), ("hours=", 24), ("hours=1", 1), ("hours=720", 720)] {
                let response = try await get(query)
                #expect(response.status == .ok, "\(query)")
                #expect(S.int(response.json, "timeframe.hours") == hours)
                let since = try #require(S.int(response.json, "timeframe.since"))
                #expect(S.int(response.json, "timeframe.until") == since + hours * 3600)
                #expect(sections.allSatisfy { response.json[$0] != nil })
            }
            for query in ["hours=0", "hours=721", "hours=-1", "hours=1.5", "hours=abc", "hours=99999999999"] {
                let response = try await get(query)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.json["error"] as? String == AgentAccessScope.hoursMessage)
            }
            let one = try await get("section=\(sections[1]),%20\(sections[0])")
            #expect(one.status == .ok)
            #expect(sections.filter { one.json[$0] != nil } == Array(sections.prefix(2)))
            let unknown = try await get("section=\(sections[0]),bogus,worse")
            #expect(unknown.status == .badRequest)
            #expect(unknown.json["error"] as? String
                == "Invalid section value(s): bogus, worse. Valid sections: \(sections.joined(separator: ", "))")
            // Access is checked before parameters: a stranger learns nothing about them.
            let stranger = try await S.send(
                client, .get, "/api/agents/alpha/\(report)?hours=0", headers: AgentTestSupport.agentKey(fixture.betaKey))
            #expect(stranger.status == .forbidden)
        }
    }

    @Test func selfIsTheKeyOrTheSameNamedUserNeverTheGlobalKey() {
        func identity(_ credential: Identity.Credential, username: String, agentID: Int64? = nil) -> Identity {
            Identity(
                userID: 1, username: username, displayName: username, role: .admin, workspaceID: 1, tenantID: 1,
                provider: "local", email: nil, avatarURL: nil, agentName: "alpha", agentID: agentID, credential: credential)
        }
        #expect(AgentAccessScope.isSelf(identity(.agentKey(id: 1), username: "agent:alpha", agentID: 7), agentID: 7, agentName: "alpha"))
        #expect(!AgentAccessScope.isSelf(identity(.agentKey(id: 1), username: "agent:beta", agentID: 8), agentID: 7, agentName: "alpha"))
        #expect(AgentAccessScope.isSelf(identity(.session(id: 1), username: "alpha"), agentID: 7, agentName: "alpha"))
        #expect(!AgentAccessScope.isSelf(identity(.session(id: 1), username: "bob"), agentID: 7, agentName: "alpha"))
        #expect(!AgentAccessScope.isSelf(identity(.globalKey, username: "alpha"), agentID: 7, agentName: "alpha"))
    }
}
