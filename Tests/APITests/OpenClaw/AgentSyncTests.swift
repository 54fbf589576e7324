import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `GET` / `POST /api/agents/sync` against an OpenClaw state directory and local agent folders
/// written by the test.
@Suite struct AgentSyncTests {
    typealias S = AgentTestSupport

    /// A temporary directory with `files` (relative path → content).
    static func directory(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("openclaw-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, content) in files {
            let full = (root as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let config = """
        {
          // hand-edited
          agents: {
            list: [
              {id: "main", default: true, workspace: "workspace-main", model: {primary: "claude-sonnet"}},
              {id: "scout", identity: {name: "Scout", theme: "researcher"}, tools: {deny: ["exec"]}},
              {id: "escape", workspace: "../../etc"},
              {name: ""},
              {id: "main"},
            ],
          },
        }
        """

    @Test func syncCreatesAgentsWithTheirWorkspaceFilesAndPreviewAgrees() async throws {
        let state = try Self.directory([
            "openclaw.json": Self.config,
            "workspace-main/identity.md": "# Main Agent\ntheme: coder\nemoji: 🤖\n\nDoes the main work.",
            "workspace-main/TOOLS.md": "# Tools\n- read\n- `write`\n- not a tool name\n",
            "workspace-main/soul.md": "Be careful.",
        ])
        defer { try? FileManager.default.removeItem(atPath: state) }
        let app = try await TestApplication(environment: ["OPENCLAW_STATE_DIR": state])
        try await app.test { client in
            try await S.createAgent(client, "manual-only")
            let preview = try await S.send(client, .get, "/api/agents/sync")
            #expect(preview.status == .ok)
            #expect(preview.json["inConfig"] as? Int == 3)
            #expect(preview.json["inMC"] as? Int == 1)
            #expect(preview.json["newAgents"] as? [String] == ["main", "Scout", "escape"])
            #expect(preview.json["onlyInMC"] as? [String] == ["manual-only"])
            let skipped = preview.json["skipped"] as? [[String: Any]]
            #expect(skipped?.map { $0["reason"] as? String } == ["entry has no id or name", "duplicate name \"main\""])

            let sync = try await S.send(client, .post, "/api/agents/sync")
            #expect(sync.status == .ok)
            #expect(sync.json["created"] as? Int == 3)
            #expect(sync.json["updated"] as? Int == 0)
            let main = try await S.send(client, .get, "/api/agents/main")
            let agent = try #require(main.json["agent"] as? [String: Any])
            #expect(agent["status"] as? String == "offline")
            #expect(agent["soul_content"] as? String == "Be careful.")
            #expect(agent["source"] as? String == "openclaw")
            let config = try #require(agent["config"] as? [String: Any])
            #expect(config["openclawId"] as? String == "main")
            #expect(config["isDefault"] as? Bool == true)
            let identity = config["identity"] as? [String: Any]
            #expect(identity?["name"] as? String == "Main Agent")
            #expect(identity?["theme"] as? String == "coder")
            #expect((config["tools"] as? [String: Any])?["allow"] as? [String] == ["read", "write"])
            let scout = try await S.send(client, .get, "/api/agents/Scout")
            #expect((scout.json["agent"] as? [String: Any])?["role"] as? String == "researcher")
            // A relative workspace that climbs out of the state directory is never read.
            let escape = try await S.send(client, .get, "/api/agents/escape")
            #expect((escape.json["agent"] as? [String: Any])?["soul_content"] is NSNull)

            let again = try await S.send(client, .post, "/api/agents/sync")
            #expect(again.json["created"] as? Int == 0)
            #expect(again.json["updated"] as? Int == 0)
            let audits = try await S.rows(app.dependencies.database, "SELECT action FROM audit_log WHERE action = 'agent_config_sync'")
            #expect(audits.count == 1)
            let events = try await S.rows(app.dependencies.database, "SELECT type FROM events WHERE type = 'agent.synced'")
            #expect(events.count == 1)
        }
    }

    @Test func changedEntriesUpdateAndKeepTheAgentsOwnConfigKeys() async throws {
        let state = try Self.directory(["openclaw.json": #"{"agents":{"list":[{"id":"worker","model":"a"}]}}"#])
        defer { try? FileManager.default.removeItem(atPath: state) }
        let app = try await TestApplication(environment: ["OPENCLAW_STATE_DIR": state])
        try await app.test { client in
            try await S.createAgent(client, "worker", extra: #","config":{"capabilities":["swift"]}"#)
            let first = try await S.send(client, .post, "/api/agents/sync")
            #expect(first.json["updated"] as? Int == 1)
            try #"{"agents":{"list":[{"id":"worker","model":"b"}]}}"#.write(
                toFile: state + "/openclaw.json", atomically: true, encoding: .utf8)
            let preview = try await S.send(client, .get, "/api/agents/sync")
            #expect(preview.json["updatedAgents"] as? [String] == ["worker"])
            let second = try await S.send(client, .post, "/api/agents/sync")
            #expect((second.json["agents"] as? [[String: Any]])?.first?["action"] as? String == "updated")
            let agent = try await S.send(client, .get, "/api/agents/worker")
            let config = (agent.json["agent"] as? [String: Any])?["config"] as? [String: Any]
            #expect(config?["model"] as? String == "b")
            #expect(config?["capabilities"] as? [String] == ["swift"])
            #expect((agent.json["agent"] as? [String: Any])?["role"] as? String == "agent")
        }
    }

    @Test func missingOrBrokenConfigIsAClearError() async throws {
        let state = try Self.directory([:])
        defer { try? FileManager.default.removeItem(atPath: state) }
        let app = try await TestApplication(environment: ["OPENCLAW_STATE_DIR": state])
        try await app.test { client in
            let missing = try await S.send(client, .post, "/api/agents/sync")
            #expect(missing.status == .badRequest)
            #expect(
                missing.json["error"] as? String
                    == "OpenClaw config not found at \(state)/openclaw.json; set OPENCLAW_CONFIG_PATH or OPENCLAW_STATE_DIR")
            try "{agents: [".write(toFile: state + "/openclaw.json", atomically: true, encoding: .utf8)
            let broken = try await S.send(client, .get, "/api/agents/sync")
            #expect(broken.json["error"] as? String == "OpenClaw config at \(state)/openclaw.json is not valid JSON")
            let source = try await S.send(client, .post, "/api/agents/sync?source=elsewhere")
            #expect(source.json["error"] as? String == "Unknown source \"elsewhere\"; use openclaw or local")
        }
    }

    @Test func strictWorkspacesAreRefusedAndAudited() async throws {
        let app = try await TestApplication()
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "UPDATE workspaces SET isolation = 'strict' WHERE id = 1")
        }
        try await app.test { client in
            let response = try await S.send(client, .get, "/api/agents/sync")
            #expect(response.status == .forbidden)
            #expect(response.json["error"] as? String == WorkspaceIsolation.deniedMessage)
            let audits = try await S.rows(
                app.dependencies.database, "SELECT detail FROM audit_log WHERE action = 'workspace_isolation_denied'")
            #expect(audits.count == 1)
        }
    }

    @Test func localSyncReadsFlatAndDirectoryAgentsAndMarksVanishedOnesOffline() async throws {
        let home = try Self.directory([
            ".claude/agents/reviewer.md": "---\nname: code-reviewer\ndescription: \"Reviews code\"\ntools: [\"Read\", \"Grep\"]\n---\nReview every diff.",
            ".claude/agents/CLAUDE.md": "not an agent",
            ".agents/builder/soul.md": "role: coder\nBuild things.",
            ".agents/builder/config.json": #"{"model": "opus",}"#,
            ".agents/skills/ignored.md": "skip me",
            ".agents/empty-dir/readme.txt": "no agent files",
        ])
        defer { try? FileManager.default.removeItem(atPath: home) }
        let app = try await TestApplication(environment: ["HOME": home])
        try await app.test { client in
            let first = try await S.send(client, .post, "/api/agents/sync?source=local")
            #expect(first.status == .ok)
            #expect(first.json["found"] as? Int == 2)
            #expect(first.json["created"] as? Int == 2)
            let reviewer = try await S.send(client, .get, "/api/agents/code-reviewer")
            let agent = try #require(reviewer.json["agent"] as? [String: Any])
            #expect(agent["soul_content"] as? String == "Review every diff.")
            #expect((agent["config"] as? [String: Any])?["tools"] as? [String] == ["Read", "Grep"])
            #expect((agent["config"] as? [String: Any])?["description"] as? String == "Reviews code")
            let builder = try await S.send(client, .get, "/api/agents/builder")
            #expect((builder.json["agent"] as? [String: Any])?["role"] as? String == "coder")
            #expect(((builder.json["agent"] as? [String: Any])?["config"] as? [String: Any])?["model"] as? String == "opus")

            let unchanged = try await S.send(client, .post, "/api/agents/sync?source=local")
            #expect(unchanged.json["created"] as? Int == 0)
            #expect(unchanged.json["updated"] as? Int == 0)

            try "Review every diff twice.".write(toFile: home + "/.claude/agents/reviewer.md", atomically: true, encoding: .utf8)
            _ = try await S.send(client, .put, "/api/agents", #"{"name":"builder","status":"idle"}"#)
            try FileManager.default.removeItem(atPath: home + "/.agents/builder")
            let changed = try await S.send(client, .post, "/api/agents/sync?source=local")
            // The file lost its front matter, so it is a new agent named after the file.
            #expect(changed.json["created"] as? Int == 1)
            #expect(changed.json["offline"] as? Int == 1)
            let gone = try await S.send(client, .get, "/api/agents/builder")
            #expect((gone.json["agent"] as? [String: Any])?["status"] as? String == "offline")
        }
    }

    @Test func localSyncNeverTakesOverAnAgentItDidNotCreate() async throws {
        let home = try Self.directory([".claude/agents/taken.md": "Soul"])
        defer { try? FileManager.default.removeItem(atPath: home) }
        let app = try await TestApplication(environment: ["HOME": home])
        try await app.test { client in
            try await S.createAgent(client, "taken")
            let response = try await S.send(client, .post, "/api/agents/sync?source=local")
            #expect(response.json["created"] as? Int == 0)
            let skipped = response.json["skipped"] as? [[String: Any]]
            #expect(skipped?.first?["reason"] as? String == "an agent with this name exists and was not created by local sync")
        }
    }
}
