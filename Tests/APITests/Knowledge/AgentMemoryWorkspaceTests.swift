import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// Working memory of agents with a workspace directory: the newer of `WORKING.md` (and its
/// fallbacks) and the database copy wins; writes go to both; strict workspaces and symlinks
/// out of the directory keep to the database.
@Suite struct AgentMemoryWorkspaceTests {
    typealias Support = AgentTestSupport
    typealias Fixture = KnowledgeTestSupport

    @Test func theNewerOfWorkspaceFileAndDatabaseCopyWins() async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "agent-home")
        let working = directory + "/WORKING.md"
        try await app.test { client in
            try await Fixture.agent(client, "homed", workspace: directory)
            // Only the file has memory.
            try Fixture.write(working, "from the file", age: 60)
            let fileOnly = try await Support.send(client, .get, "/api/agents/homed/memory")
            #expect(fileOnly.json["source"] as? String == "workspace")
            #expect(fileOnly.json["working_memory"] as? String == "from the file")

            // A write goes to the database and, atomically, to WORKING.md.
            let put = try await Support.send(
                client, .put, "/api/agents/homed/memory", #"{"working_memory":"from the api"}"#)
            #expect(put.json["saved_to_workspace"] as? Bool == true)
            #expect(Fixture.read(working) == "from the api")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
                $0.hasSuffix(".tmp")
            }
            #expect(leftovers.isEmpty)

            // The agent edits its file afterwards: the file is newer.
            try Fixture.write(working, "edited by the agent", age: -30)
            let edited = try await Support.send(client, .get, "/api/agents/homed/memory")
            #expect(edited.json["source"] as? String == "workspace")
            #expect(edited.json["working_memory"] as? String == "edited by the agent")

            // The file is older than the database copy: the database wins.
            try Fixture.write(working, "stale file", age: 3600)
            let stale = try await Support.send(client, .get, "/api/agents/homed/memory")
            #expect(stale.json["source"] as? String == "database")
            #expect(stale.json["working_memory"] as? String == "from the api")

            // Appending starts from what a read shows (here the newer file).
            try Fixture.write(working, "newer notes", age: -60)
            let appended = try await Support.send(
                client, .put, "/api/agents/homed/memory", #"{"working_memory":"more","append":true}"#)
            #expect((appended.json["working_memory"] as? String)?.hasPrefix("newer notes\n\n## ") == true)

            // Without WORKING.md, MEMORY.md is read.
            try FileManager.default.removeItem(atPath: working)
            try Fixture.write(directory + "/MEMORY.md", "long-term", age: -120)
            let fallback = try await Support.send(client, .get, "/api/agents/homed/memory")
            #expect(fallback.json["working_memory"] as? String == "long-term")

            // Clearing empties the database copy and WORKING.md.
            let cleared = try await Support.send(client, .delete, "/api/agents/homed/memory")
            #expect(cleared.json["saved_to_workspace"] as? Bool == true)
            #expect(Fixture.read(working) == "")
            #expect(
                try await Support.send(client, .get, "/api/agents/homed/memory").json["source"] as? String == "none")
        }
    }

    @Test func aSymlinkOutOfTheWorkspaceIsNeitherReadNorWritten() async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "linked-home")
        let outside = try Fixture.directory(app, "elsewhere") + "/secret.md"
        try Fixture.write(outside, "not for agents")
        try FileManager.default.createSymbolicLink(atPath: directory + "/WORKING.md", withDestinationPath: outside)
        try await app.test { client in
            try await Fixture.agent(client, "linked", workspace: directory)
            let read = try await Support.send(client, .get, "/api/agents/linked/memory")
            #expect(read.json["source"] as? String == "none")
            let put = try await Support.send(
                client, .put, "/api/agents/linked/memory", #"{"working_memory":"overwrite?"}"#)
            #expect(put.status == .ok)
            #expect(put.json["saved_to_workspace"] as? Bool == false)
            #expect(Fixture.read(outside) == "not for agents")
        }
    }

    @Test func workspacesThatAreNotAbsoluteDirectoriesAreIgnored() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            try await Fixture.agent(client, "relative", workspace: "agents/relative")
            try await Fixture.agent(client, "missing", workspace: app.directory + "/nowhere")
            for name in ["relative", "missing"] {
                let put = try await Support.send(
                    client, .put, "/api/agents/\(name)/memory", #"{"working_memory":"db only"}"#)
                #expect(put.json["saved_to_workspace"] as? Bool == false)
                #expect(
                    try await Support.send(client, .get, "/api/agents/\(name)/memory").json["source"] as? String
                        == "database")
            }
            #expect(!FileManager.default.fileExists(atPath: app.directory + "/nowhere"))
        }
    }

    @Test func strictWorkspacesUseTheDatabaseOnly() async throws {
        let app = try await TestApplication()
        let directory = try Fixture.directory(app, "strict-home")
        try Fixture.write(directory + "/WORKING.md", "host file", age: -60)
        let headers = try await Fixture.strictAdmin(app)
        try await app.test { client in
            let create = try await Support.send(
                client, .post, "/api/agents",
                #"{"name":"boxed","role":"coder","config":{"workspace":"\#(directory)"}}"#,
                headers: headers)
            #expect(create.status == .created)
            #expect(
                try await Support.send(client, .get, "/api/agents/boxed/memory", headers: headers).json["source"]
                    as? String == "none")
            let put = try await Support.send(
                client, .put, "/api/agents/boxed/memory", #"{"working_memory":"db"}"#, headers: headers)
            #expect(put.json["saved_to_workspace"] as? Bool == false)
            #expect(
                try await Support.send(client, .get, "/api/agents/boxed/memory", headers: headers).json[
                    "working_memory"] as? String == "db")
            #expect(Fixture.read(directory + "/WORKING.md") == "host file")
        }
    }
}
