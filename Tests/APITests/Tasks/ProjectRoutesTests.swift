import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// Projects: naming rules, conflicts, ticket numbers across moves, archive and delete.
@Suite struct ProjectRoutesTests {
    typealias T = TaskTestSupport

    @Test func prefixesAndSlugsAreDerived() {
        #expect(ProjectNaming.defaultPrefix(name: "web app v2") == "WEBA")
        #expect(ProjectNaming.ticketPrefix("ab-c_d.e f1234567890") == "ABCDEF123456")
        #expect(ProjectNaming.slug("  Hello, World!! ") == "hello-world")
        #expect(ProjectNaming.slug("***").isEmpty)
        #expect(TaskRules.ticketRef(prefix: "TASK", number: 7) == "TASK-007")
        #expect(TaskRules.ticketRef(prefix: "TASK", number: 1234) == "TASK-1234")
        #expect(TaskRules.ticketRef(prefix: "TASK", number: 0) == nil)
    }

    @Test func createConflictsAndErrors() async throws {
        try await TestApplication().test { client in
            let created = try await T.send(client, .post, "/api/projects", ##"{"name":"Web App","color":"#fff"}"##)
            #expect(created.status == .created)
            let project = try #require(created.json["project"] as? [String: Any])
            #expect(project["slug"] as? String == "web-app")
            #expect(project["ticket_prefix"] as? String == "WEBA")
            #expect(project["task_count"] as? Int == 0)
            let duplicate = try await T.send(client, .post, "/api/projects", #"{"name":"Web App"}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.text == #"{"error":"Project slug or ticket prefix already exists"}"#)
            #expect(try await T.send(client, .post, "/api/projects", #"{"name":" "}"#).text == #"{"error":"Project name is required"}"#)
            #expect(try await T.send(client, .post, "/api/projects", #"{"name":"x","ticket_prefix":"--"}"#).text == #"{"error":"Invalid ticket prefix"}"#)
            #expect(try await T.send(client, .post, "/api/projects", #"{"name":"x","slug":"!!"}"#).text == #"{"error":"Invalid project slug"}"#)
            #expect(try await T.send(client, .get, "/api/projects/abc").text == #"{"error":"Invalid project ID"}"#)
            #expect(try await T.send(client, .get, "/api/projects/999").text == #"{"error":"Project not found"}"#)
        }
    }

    @Test func movingATaskTakesANumberFromTheTargetProject() async throws {
        try await TestApplication().test { client in
            let project = try await T.send(client, .post, "/api/projects", #"{"name":"Ops","ticket_prefix":"ops"}"#)
            let projectID = try #require((project.json["project"] as? [String: Any])?["id"] as? Int)
            let task = try await T.createTask(client, #"{"title":"Move me"}"#)
            #expect(task["ticket_ref"] as? String == "TASK-001")
            let id = try #require(task["id"] as? Int)
            let moved = try await T.send(client, .put, "/api/tasks/\(id)", #"{"project_id":\#(projectID)}"#)
            #expect((moved.json["task"] as? [String: Any])?["ticket_ref"] as? String == "OPS-001")
            let tasks = try await T.send(client, .get, "/api/projects/\(projectID)/tasks")
            #expect((tasks.json["tasks"] as? [[String: Any]])?.count == 1)
            #expect((tasks.json["project"] as? [String: Any])?["ticket_counter"] as? Int == 1)
            let archived = try await T.send(client, .patch, "/api/projects/\(projectID)", #"{"status":"archived"}"#)
            #expect((archived.json["project"] as? [String: Any])?["status"] as? String == "archived")
            let toGeneral = try await T.send(client, .put, "/api/tasks/\(id)", #"{"project_id":1}"#)
            #expect(toGeneral.status == .ok)
            let back = try await T.send(client, .put, "/api/tasks/\(id)", #"{"project_id":\#(projectID)}"#)
            #expect(back.text == #"{"error":"Project not found or archived"}"#)
        }
    }

    @Test func defaultProjectIsProtectedAndDeleteMovesTasks() async throws {
        try await TestApplication().test { client in
            let general = try await T.send(client, .patch, "/api/projects/1", #"{"status":"archived"}"#)
            #expect(general.text == #"{"error":"Default project cannot be archived"}"#)
            #expect(try await T.send(client, .delete, "/api/projects/1").text == #"{"error":"Default project cannot be deleted"}"#)
            let strict = try await T.send(client, .patch, "/api/projects/1", #"{"bogus":1}"#)
            #expect(strict.json["details"] as? [String] == [#": Unrecognized key: "bogus""#])
            let project = try await T.send(client, .post, "/api/projects", #"{"name":"Temp"}"#)
            let projectID = try #require((project.json["project"] as? [String: Any])?["id"] as? Int)
            _ = try await T.createTask(client, #"{"title":"Orphan","project_id":\#(projectID)}"#)
            let deleted = try await T.send(client, .delete, "/api/projects/\(projectID)?mode=delete")
            #expect(deleted.text == #"{"mode":"delete","success":true}"#)
            let list = try await T.send(client, .get, "/api/tasks")
            #expect((list.json["tasks"] as? [[String: Any]])?.first?["ticket_ref"] as? String == "TASK-001")
        }
    }

    @Test func agentAssignments() async throws {
        let app = try await TestApplication()
        _ = try await T.agentKey(app, agent: "alpha")
        try await app.test { client in
            #expect(try await T.send(client, .post, "/api/projects/1/agents", #"{"agent_name":"alpha"}"#).status == .created)
            #expect(try await T.send(client, .post, "/api/projects/1/agents", #"{"agent_name":"alpha"}"#).status == .created)
            #expect(try await T.send(client, .post, "/api/projects/1/agents", "{}").text == #"{"error":"agent_name is required"}"#)
            let list = try await T.send(client, .get, "/api/projects/1/agents")
            #expect((list.json["assignments"] as? [[String: Any]])?.map { $0["agent_name"] as? String } == ["alpha"])
            let projects = try await T.send(client, .get, "/api/projects")
            #expect(((projects.json["projects"] as? [[String: Any]])?.first?["assigned_agents"] as? [String]) == ["alpha"])
            let unknown = try await T.send(client, .patch, "/api/projects/1", #"{"assigned_agents":["ghost"]}"#)
            #expect(unknown.text == #"{"details":["ghost"],"error":"Unknown project agents"}"#)
            #expect(try await T.send(client, .delete, "/api/projects/1/agents?agent_name=alpha").status == .ok)
            let after = try await T.send(client, .get, "/api/projects/1/agents")
            #expect((after.json["assignments"] as? [[String: Any]])?.isEmpty == true)
        }
    }
}
