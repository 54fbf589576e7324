import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `GET`/`PUT /api/agents/{id}/files`: only the listed files, inside the workspace directory,
/// at most 1 MiB, never in strict workspaces.
@Suite struct AgentFilesTests {
    typealias Support = AgentTestSupport
    typealias Fixture = KnowledgeTestSupport

    static let allowed =
        "agent.md, identity.md, soul.md, WORKING.md, MEMORY.md, TOOLS.md, AGENTS.md, MISSION.md, USER.md"

    @Test func filesAreListedReadAndWritten() async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "files-home")
        try Fixture.write(directory + "/SOUL.md", "upper-case soul")
        try Fixture.write(directory + "/TOOLS.md", "tools")
        try await app.test { client in
            let id = try await Fixture.agent(client, "filer", workspace: directory)
            let all = try await Support.send(client, .get, "/api/agents/\(id)/files")
            #expect(all.status == .ok)
            #expect(all.json["workspace"] as? String == AgentWorkspace.realPath(directory))
            #expect((all.json["agent"] as? [String: Any])?["name"] as? String == "filer")
            let files = try #require(all.json["files"] as? [String: [String: Any]])
            #expect(files.keys.sorted() == AgentFilesService.allowedFiles.sorted())
            #expect(files["soul.md"]?["exists"] as? Bool == true)
            #expect(files["soul.md"]?["content"] as? String == "upper-case soul")
            #expect(files["MISSION.md"]?["exists"] as? Bool == false)
            #expect(files["MISSION.md"]?["content"] as? String == "")

            let one = try await Support.send(client, .get, "/api/agents/filer/files?file=TOOLS.md")
            let only = try #require(one.json["files"] as? [String: [String: Any]])
            #expect(Array(only.keys) == ["TOOLS.md"])
            #expect(only["TOOLS.md"]?["content"] as? String == "tools")

            let put = try await Support.send(
                client, .put, "/api/agents/filer/files", #"{"file":"MISSION.md","content":"Ship it ✓"}"#)
            #expect(put.status == .ok)
            #expect(put.json["success"] as? Bool == true)
            #expect(put.json["file"] as? String == "MISSION.md")
            #expect(put.json["size"] as? Int == "Ship it ✓".utf8.count)
            #expect(Fixture.read(directory + "/MISSION.md") == "Ship it ✓")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }.isEmpty)

            // soul.md and WORKING.md also update the database copies.
            _ = try await Support.send(
                client, .put, "/api/agents/filer/files", #"{"file":"soul.md","content":"new soul"}"#)
            _ = try await Support.send(
                client, .put, "/api/agents/filer/files", #"{"file":"WORKING.md","content":"new notes"}"#)
            #expect(
                try await Support.send(client, .get, "/api/agents/filer/soul").json["soul_content"] as? String
                    == "new soul")
            #expect(
                try await Support.send(client, .get, "/api/agents/filer/memory").json["working_memory"] as? String
                    == "new notes")
        }
        let activities = try await Support.rows(
            app.dependencies.database,
            "SELECT actor, description, data FROM activities WHERE type = 'agent_workspace_file_updated' ORDER BY id")
        #expect(activities.count == 3)
        #expect(activities.first?["actor"] == "api")
        #expect(activities.first?["description"] == "MISSION.md updated for filer")
    }

    @Test func aWorkspaceMustBeConfigured() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Fixture.agent(client, "homeless", workspace: nil)
            try await Fixture.agent(client, "relative", workspace: "relative/dir")
            try await Fixture.agent(client, "gone", workspace: app.directory + "/gone")
            for (name, message) in [
                ("homeless", "Agent workspace is not configured"), ("relative", "Agent workspace is not configured"),
                ("gone", "Agent workspace directory does not exist"),
            ] {
                let get = try await Support.send(client, .get, "/api/agents/\(name)/files")
                #expect(get.status == .badRequest)
                #expect(get.text == #"{"error":"\#(message)"}"#)
                let put = try await Support.send(
                    client, .put, "/api/agents/\(name)/files", #"{"file":"USER.md","content":"x"}"#)
                #expect(put.text == #"{"error":"\#(message)"}"#)
            }
        }
    }

    @Test(arguments: ["../etc/passwd", "notes.txt", "/etc/passwd", "soul.MD", "sub/TOOLS.md"])
    func onlyListedFilesAreAccepted(name: String) async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "guarded")
        try await app.test { client in
            try await Fixture.agent(client, "guarded", workspace: directory)
            let expected = #"{"error":"Unsupported file: \#(name). Allowed files: \#(Self.allowed)"}"#
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
            let get = try await Support.send(client, .get, "/api/agents/guarded/files?file=\(encoded)")
            #expect(get.status == .badRequest)
            #expect(get.text == expected)
            let put = try await Support.send(
                client, .put, "/api/agents/guarded/files", #"{"file":"\#(name)","content":"x"}"#)
            #expect(put.status == .badRequest)
            #expect(put.text == expected)
        }
    }

    @Test func writesAreLimitedTo1MiB() async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "sized")
        try await app.test { client in
            try await Fixture.agent(client, "sized", workspace: directory)
            let limit = String(repeating: "b", count: AgentFilesService.maximumSize)
            let atLimit = try await Support.send(
                client, .put, "/api/agents/sized/files", #"{"file":"TOOLS.md","content":"\#(limit)"}"#)
            #expect(atLimit.status == .ok)
            #expect(atLimit.json["size"] as? Int == 1_048_576)
            let over = try await Support.send(
                client, .put, "/api/agents/sized/files", #"{"file":"TOOLS.md","content":"\#(limit)b"}"#)
            #expect(over.status == .contentTooLarge)
            #expect(over.text == #"{"error":"File content too large (max 1048576 bytes)"}"#)
            let missing = try await Support.send(client, .put, "/api/agents/sized/files", #"{"file":"TOOLS.md"}"#)
            #expect(missing.text == #"{"error":"content is required"}"#)
            let noFile = try await Support.send(client, .put, "/api/agents/sized/files", #"{"content":"x"}"#)
            #expect(noFile.text == #"{"error":"file is required"}"#)
            #expect(
                try FileManager.default.attributesOfItem(atPath: directory + "/TOOLS.md")[.size] as? Int == 1_048_576)
        }
    }

    @Test func symlinksMayNotLeaveTheWorkspace() async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "links")
        let outside = try Fixture.directory(app, "outside") + "/passwd"
        try Fixture.write(outside, "root:x:0:0")
        try Fixture.write(directory + "/real-agents.md", "inside target")
        try FileManager.default.createSymbolicLink(atPath: directory + "/TOOLS.md", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/AGENTS.md", withDestinationPath: "real-agents.md")
        try await app.test { client in
            try await Fixture.agent(client, "linker", workspace: directory)
            let refused = #"{"error":"File links outside the agent workspace: TOOLS.md"}"#
            #expect(try await Support.send(client, .get, "/api/agents/linker/files?file=TOOLS.md").text == refused)
            #expect(try await Support.send(client, .get, "/api/agents/linker/files").text == refused)
            let put = try await Support.send(
                client, .put, "/api/agents/linker/files", #"{"file":"TOOLS.md","content":"owned"}"#)
            #expect(put.status == .badRequest)
            #expect(put.text == refused)
            // A link that stays inside is followed both ways.
            let inside = try await Support.send(client, .get, "/api/agents/linker/files?file=AGENTS.md")
            #expect(
                ((inside.json["files"] as? [String: [String: Any]])?["AGENTS.md"])?["content"] as? String
                    == "inside target")
            let write = try await Support.send(
                client, .put, "/api/agents/linker/files", #"{"file":"AGENTS.md","content":"updated"}"#)
            #expect(write.status == .ok)
            #expect(Fixture.read(outside) == "root:x:0:0")
            #expect(Fixture.read(directory + "/real-agents.md") == "updated")
            #expect(
                (try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/AGENTS.md"))
                    == "real-agents.md")
        }
    }

    @Test func strictWorkspacesAreDeniedAndAudited() async throws {
        let app = try await TestApplication()
        let headers = try await Fixture.strictAdmin(app)
        try await app.test { client in
            let message =
                #"{"error":"This resource is unavailable in strict workspaces because it has no workspace ownership metadata"}"#
            let get = try await Support.send(client, .get, "/api/agents/any/files", headers: headers)
            #expect(get.status == .forbidden)
            #expect(get.text == message)
            let put = try await Support.send(
                client, .put, "/api/agents/any/files", #"{"file":"USER.md","content":"x"}"#, headers: headers)
            #expect(put.text == message)
        }
        let audit = try await Support.rows(
            app.dependencies.database,
            "SELECT detail, workspace_id FROM audit_log WHERE action = 'workspace_isolation_denied'")
        #expect(audit.count == 2)
        #expect(audit.first?["workspace_id"] == 2)
        #expect(audit.first?["detail"]?.stringValue?.contains(#""resource":"agent_filesystem""#) == true)
    }

    @Test func agentKeysAndOtherWorkspacesAreKeptOut() async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "scoped")
        try await Fixture.execute(app, "INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (2, 'two', 'Two', 1)")
        try await Fixture.execute(
            app, "INSERT INTO agents (id, name, role, workspace_id, config) VALUES (70, 'remote', 'coder', 2, ?)",
            [#"{"workspace":"\#(directory)"}"#])
        try await app.test { client in
            try await Fixture.agent(client, "mine", workspace: directory)
            try await Fixture.agent(client, "theirs", workspace: directory)
            let key = try await Fixture.agentKey(client, agent: "mine")
            #expect(try await Support.send(client, .get, "/api/agents/mine/files", headers: key).status == .ok)
            let put = try await Support.send(
                client, .put, "/api/agents/mine/files", #"{"file":"USER.md","content":"me"}"#, headers: key)
            #expect(put.status == .ok)
            let denied = #"{"error":"Access denied: agent key may only access its own agent."}"#
            #expect(try await Support.send(client, .get, "/api/agents/theirs/files", headers: key).text == denied)
            #expect(
                try await Support.send(
                    client, .put, "/api/agents/theirs/files", #"{"file":"USER.md","content":"x"}"#, headers: key
                ).text == denied)
            for path in ["/api/agents/70/files", "/api/agents/remote/files"] {
                #expect(try await Support.send(client, .get, path).text == #"{"error":"Agent not found"}"#)
            }
        }
    }

    @Test func unreadableEntriesAndDatabaseLimitsAreRefused() async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "odd")
        try FileManager.default.createDirectory(atPath: directory + "/TOOLS.md", withIntermediateDirectories: true)
        try Fixture.write(directory + "/USER.md", String(repeating: "u", count: AgentWorkspace.maximumFileSize + 1))
        try Fixture.write(directory + "/MISSION.md", String(repeating: "m", count: AgentWorkspace.maximumFileSize))
        try await app.test { client in
            try await Fixture.agent(client, "odd", workspace: directory)
            let notFile = #"{"error":"Not a regular file: TOOLS.md"}"#
            #expect(try await Support.send(client, .get, "/api/agents/odd/files?file=TOOLS.md").text == notFile)
            let put = try await Support.send(client, .put, "/api/agents/odd/files", #"{"file":"TOOLS.md","content":"x"}"#)
            #expect(put.status == .badRequest)
            #expect(put.text == notFile)

            let big = try await Support.send(client, .get, "/api/agents/odd/files?file=USER.md")
            #expect(big.status == .contentTooLarge)
            #expect(big.text == #"{"error":"File too large to read (max 1048576 bytes): USER.md"}"#)
            let atLimit = try await Support.send(client, .get, "/api/agents/odd/files?file=MISSION.md")
            #expect(atLimit.status == .ok)

            let soul = String(repeating: "s", count: AgentCreateInput.soulLimit)
            let soulAtLimit = try await Support.send(
                client, .put, "/api/agents/odd/files", #"{"file":"soul.md","content":"\#(soul)"}"#)
            #expect(soulAtLimit.status == .ok)
            let soulOver = try await Support.send(
                client, .put, "/api/agents/odd/files", #"{"file":"soul.md","content":"\#(soul)s"}"#)
            #expect(soulOver.status == .badRequest)
            #expect(soulOver.text == #"{"error":"soul.md must be at most 50000 characters"}"#)

            let memory = String(repeating: "w", count: AgentMemoryService.maximumLength)
            let memoryAtLimit = try await Support.send(
                client, .put, "/api/agents/odd/files", #"{"file":"WORKING.md","content":"\#(memory)"}"#)
            #expect(memoryAtLimit.status == .ok)
            let memoryOver = try await Support.send(
                client, .put, "/api/agents/odd/files", #"{"file":"WORKING.md","content":"\#(memory)w"}"#)
            #expect(memoryOver.status == .contentTooLarge)
            #expect(memoryOver.text == #"{"error":"Working memory too large (max 524288 characters)"}"#)
        }
    }
}
