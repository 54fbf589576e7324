import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// `/api/agents/{id}/keys`: created keys authenticate as the agent, revoked and expired ones
/// do not; scopes and expiry follow the original's rules.
@Suite struct AgentKeyTests {
    typealias Support = AgentTestSupport

    @Test func aCreatedKeyAuthenticatesAsTheAgentAndIsShownOnce() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await Support.createAgent(client, "keyed")
            let created = try await Support.send(client, .post, "/api/agents/keyed/keys", #"{"name":"ci"}"#)
            #expect(created.status == .created)
            let key = try #require(created.json["api_key"] as? String)
            #expect(key.hasPrefix("mca_") && key.count == 52)
            let summary = try #require(created.json["key"] as? [String: Any])
            #expect(summary["key_prefix"] as? String == String(key.prefix(12)))
            #expect(summary["scopes"] as? [String] == ["viewer", "agent:self"])
            #expect(summary["name"] as? String == "ci")

            let me = try await Support.send(client, .get, "/api/auth/me", headers: Support.agentKey(key))
            let user = try #require(me.json["user"] as? [String: Any])
            #expect(user["username"] as? String == "agent:keyed")
            #expect(user["role"] as? String == "viewer")

            let list = try await Support.send(client, .get, "/api/agents/\(id)/keys")
            #expect((list.json["agent"] as? [String: Any])?["name"] as? String == "keyed")
            let keys = try #require(list.json["keys"] as? [[String: Any]])
            #expect(keys.count == 1)
            #expect(keys[0]["scopes"] as? [String] == ["viewer", "agent:self"])
            #expect(!list.text.contains(key))
            #expect(keys[0]["key_hash"] == nil)
        }
        let stored = try await app.dependencies.database.read { db in try String.fetchOne(db, sql: "SELECT key_hash FROM agent_api_keys") }
        #expect(stored?.count == 64)
    }

    @Test func revokedAndExpiredKeysDoNotAuthenticate() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Support.createAgent(client, "temp")
            let revoked = try await Support.createKey(client, agent: "temp")
            let keyID = try await app.dependencies.database.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM agent_api_keys") }
            let revoke = try await Support.send(client, .delete, "/api/agents/temp/keys", #"{"key_id":\#(keyID ?? 0)}"#)
            #expect(revoke.json["success"] as? Bool == true)
            #expect(revoke.json["key_id"] as? Int == Int(keyID ?? 0))
            #expect(try await Support.send(client, .get, "/api/auth/me", headers: Support.agentKey(revoked)).status == .unauthorized)
            let again = try await Support.send(client, .delete, "/api/agents/temp/keys", #"{"key_id":\#(keyID ?? 0)}"#)
            #expect(again.status == .notFound)
            #expect(again.text == #"{"error":"Active key not found for this agent"}"#)

            let expiring = try await Support.createKey(client, agent: "temp", body: #"{"expires_in_days":1}"#)
            #expect(try await Support.send(client, .get, "/api/auth/me", headers: Support.agentKey(expiring)).status == .ok)
            try await app.dependencies.database.pool.write { db in
                try db.execute(sql: "UPDATE agent_api_keys SET expires_at = unixepoch() - 1 WHERE revoked_at IS NULL")
            }
            #expect(try await Support.send(client, .get, "/api/auth/me", headers: Support.agentKey(expiring)).status == .unauthorized)
        }
        let audits = try await app.dependencies.database.read { db in
            try String.fetchAll(db, sql: "SELECT action FROM audit_log WHERE action LIKE 'agent_api_key%' ORDER BY id")
        }
        #expect(audits == ["agent_api_key_created", "agent_api_key_revoked", "agent_api_key_created"])
    }

    @Test func scopesAreFilteredAndAdminOrOperatorSetTheRole() async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "scoped")
            let response = try await Support.send(
                client, .post, "/api/agents/scoped/keys", #"{"scopes":["operator","root","agent:heartbeat","operator"]}"#)
            let key = try #require(response.json["api_key"] as? String)
            #expect((response.json["key"] as? [String: Any])?["scopes"] as? [String] == ["operator", "agent:heartbeat"])
            let me = try await Support.send(client, .get, "/api/auth/me", headers: Support.agentKey(key))
            #expect((me.json["user"] as? [String: Any])?["role"] as? String == "operator")
            let junk = try await Support.send(client, .post, "/api/agents/scoped/keys", #"{"scopes":"admin"}"#)
            #expect((junk.json["key"] as? [String: Any])?["scopes"] as? [String] == ["viewer", "agent:self"])
        }
    }

    @Test(arguments: [
        (#"{"expires_in_days":0.5}"#, "expires_in_days must be between 1 and 3650"),
        (#"{"expires_in_days":3651}"#, "expires_in_days must be between 1 and 3650"),
        (#"{"expires_at":1000}"#, "expires_at must be a future unix timestamp"),
        (#"{"expires_at":"soon"}"#, "expires_at must be a future unix timestamp"),
        (#"{"name":7}"#, "name must be a string"),
    ])
    func createRejectsBadInput(body: String, message: String) async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "picky")
            let response = try await Support.send(client, .post, "/api/agents/picky/keys", body)
            #expect(response.status == .badRequest)
            #expect(response.json["error"] as? String == message)
        }
    }

    @Test func limitsAreInclusive() async throws {
        try await TestApplication().test { client in
            try await Support.createAgent(client, "bounds")
            let name = String(repeating: "n", count: 128)
            let ok = try await Support.send(client, .post, "/api/agents/bounds/keys", #"{"name":"\#(name)","expires_in_days":3650}"#)
            #expect(ok.status == .created)
            let minimum = try await Support.send(client, .post, "/api/agents/bounds/keys", #"{"expires_in_days":1}"#)
            #expect(minimum.status == .created)
            let long = try await Support.send(client, .post, "/api/agents/bounds/keys", #"{"name":"\#(name)n"}"#)
            #expect(long.json["error"] as? String == "name must be at most 128 characters")
        }
    }

    @Test func errorsForUnknownAgentsAndBadKeyIDs() async throws {
        try await TestApplication().test { client in
            let missing = try await Support.send(client, .get, "/api/agents/nobody/keys")
            #expect(missing.status == .notFound)
            #expect(missing.text == #"{"error":"Agent not found"}"#)
            try await Support.createAgent(client, "real")
            let bad = try await Support.send(client, .delete, "/api/agents/real/keys", #"{"key_id":0}"#)
            #expect(bad.text == #"{"error":"key_id must be a positive integer"}"#)
            let operatorKey = try await Support.createKey(client, agent: "real", body: #"{"scopes":["operator"]}"#)
            let forbidden = try await Support.send(client, .get, "/api/agents/real/keys", headers: Support.agentKey(operatorKey))
            #expect(forbidden.text == #"{"error":"Requires admin role or higher"}"#)
        }
    }
}
