import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `/api/settings`: defaults, updates with validation, reset, protected keys, and the liveness
/// settings taking effect.
@Suite struct SettingsRoutesTests {
    typealias S = AgentTestSupport

    static func setting(_ response: TestResponse, _ key: String) -> [String: Any]? {
        (response.json["settings"] as? [[String: Any]])?.first { $0["key"] as? String == key }
    }

    @Test func defaultsAreListedAndProtectedKeysAreHidden() async throws {
        let app = try await TestApplication()
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('security.webhook_pepper', 'secret-hash'), ('user.bob.onboarding', 'x')")
        }
        try await app.test { client in
            let response = try await S.send(client, .get, "/api/settings")
            #expect(response.status == .ok)
            let timeout = Self.setting(response, "general.agent_timeout_minutes")
            #expect(timeout?["value"] as? String == "10")
            #expect(timeout?["is_default"] as? Bool == true)
            #expect(!response.text.contains("secret-hash"))
            #expect(Self.setting(response, "user.bob.onboarding") == nil)
            #expect(((response.json["grouped"] as? [String: Any])?["general"] as? [Any])?.count == 2)
        }
    }

    @Test func updatesAreValidatedAllOrNothingAndAudited() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let bad = try await S.send(
                client, .put, "/api/settings",
                #"{"settings":{"general.agent_timeout_minutes":"0","general.agent_heartbeat":"maybe","Bad Key":"x"}}"#)
            #expect(bad.status == .badRequest)
            #expect(
                bad.json["details"] as? [String] == [
                    "Bad Key: a setting key is 1 to 100 lowercase letters, digits, '.', '_' or '-', starting with a letter",
                    "general.agent_heartbeat: must be true or false",
                    "general.agent_timeout_minutes: must be a whole number from 1 to 1440",
                ])
            for (value, ok) in [("1", true), ("1440", true), ("1441", false)] {
                let response = try await S.send(client, .put, "/api/settings", #"{"settings":{"general.agent_timeout_minutes":"\#(value)"}}"#)
                #expect((response.status == .ok) == ok)
            }
            let good = try await S.send(
                client, .put, "/api/settings", #"{"settings":{"general.agent_timeout_minutes":30,"general.agent_heartbeat":false,"team.name":"Ops"}}"#)
            #expect(good.json["count"] as? Int == 3)
            let listed = try await S.send(client, .get, "/api/settings")
            #expect(Self.setting(listed, "general.agent_timeout_minutes")?["value"] as? String == "30")
            #expect(Self.setting(listed, "general.agent_heartbeat")?["value"] as? String == "false")
            #expect(Self.setting(listed, "team.name")?["category"] as? String == "custom")
            let audit = try await S.rows(app.dependencies.database, "SELECT detail FROM audit_log WHERE action = 'settings_update'")
            #expect(audit.count == 3)
            let longValue = String(repeating: "v", count: SettingsCatalogue.valueLimit + 1)
            let tooLong = try await S.send(client, .put, "/api/settings", #"{"settings":{"team.note":"\#(longValue)"}}"#)
            #expect(tooLong.json["details"] as? [String] == ["team.note: at most 10000 characters"])
        }
    }

    @Test func protectedKeysCannotBeWrittenOrReset() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let write = try await S.send(client, .put, "/api/settings", #"{"settings":{"security.api_key_hash":"mine"}}"#)
            #expect(write.status == .forbidden)
            #expect(write.json["error"] as? String == "Setting security.api_key_hash is managed by Mission Control and cannot be changed here")
            let reset = try await S.send(client, .delete, "/api/settings", #"{"key":"user.admin.theme"}"#)
            #expect(reset.status == .forbidden)
            let empty = try await S.send(client, .put, "/api/settings", #"{"settings":{}}"#)
            #expect(empty.json["error"] as? String == "settings must be an object of key: value with at least one key")
        }
    }

    @Test func resetReturnsToTheDefault() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            _ = try await S.send(client, .put, "/api/settings", #"{"settings":{"general.agent_timeout_minutes":"5"}}"#)
            let reset = try await S.send(client, .delete, "/api/settings", #"{"key":"general.agent_timeout_minutes"}"#)
            #expect(reset.json["default_value"] as? String == "10")
            let again = try await S.send(client, .delete, "/api/settings", #"{"key":"general.agent_timeout_minutes"}"#)
            #expect(again.status == .notFound)
            #expect(again.json["error"] as? String == "Setting not found or already at default")
            let missing = try await S.send(client, .delete, "/api/settings", "{}")
            #expect(missing.json["error"] as? String == "key is required")
        }
    }

    @Test func livenessFollowsTheSettings() async throws {
        let app = try await TestApplication()
        let endpoint = AgentLivenessEndpoint(timeout: 600, database: app.dependencies.database)
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "INSERT INTO agents (name, role, status, last_seen) VALUES ('quiet', 'agent', 'idle', unixepoch() - 120)")
        }
        // Two minutes of silence is within the default ten.
        #expect(try await endpoint.sweep()["offline"] == [])
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "INSERT INTO settings (key, value) VALUES ('general.agent_heartbeat', 'false'), ('general.agent_timeout_minutes', '1')")
        }
        let disabled = try await endpoint.sweep()
        #expect(disabled["enabled"] == false)
        #expect(disabled["offline"] == [])
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "DELETE FROM settings WHERE key = 'general.agent_heartbeat'")
        }
        let swept = try await endpoint.sweep()
        #expect(swept["offline"] == ["quiet"])
        #expect(swept["timeout"] == 60)
    }
}
