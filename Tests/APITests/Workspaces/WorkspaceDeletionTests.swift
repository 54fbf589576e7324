import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// Deleting a workspace: the default one is refused, rows move to the default workspace, and a
/// name clash there is a 409 that changes nothing.
@Suite struct WorkspaceDeletionTests {
    typealias W = WorkspaceTestSupport

    @Test func defaultWorkspaceCannotBeDeleted() async throws {
        try await TestApplication().test { client in
            let response = try await W.send(client, .delete, "/api/workspaces/1")
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"Cannot delete the default workspace"}"#)
            #expect(try await W.send(client, .delete, "/api/workspaces/999").text == #"{"error":"Workspace not found"}"#)
        }
    }

    @Test func deletionMovesRowsToTheDefaultWorkspace() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await W.create(client, #"{"name":"Doomed"}"#)
            let token = try await W.session(app, user: "dora", role: "operator", workspaceID: id)
            try await W.execute(app, "INSERT INTO agents (name, role, workspace_id) VALUES ('mover', 'r', ?)", [id])
            let inGeneral = try await W.send(client, .post, "/api/tasks", #"{"title":"Kept"}"#, session: token)
            #expect(inGeneral.status == .created)
            let project = try await W.send(client, .post, "/api/projects", #"{"name":"Side Quest"}"#, session: token)
            let projectID = try #require((project.json["project"] as? [String: Any])?["id"] as? Int)
            let sideTask = try await W.send(client, .post, "/api/tasks", #"{"title":"Side","project_id":\#(projectID)}"#, session: token)
            #expect(sideTask.status == .created)
            _ = try await W.send(client, .post, "/api/tasks", #"{"title":"Default one"}"#)

            let deleted = try await W.send(client, .delete, "/api/workspaces/\(id)")
            #expect(deleted.status == .ok)
            #expect(deleted.text == #"{"agents_moved_to":1,"deleted":"Doomed","success":true}"#)
            #expect(try await W.integer(app, "SELECT COUNT(*) FROM workspaces WHERE id = ?", [id]) == 0)
            #expect(try await W.integer(app, "SELECT workspace_id FROM agents WHERE name = 'mover'") == 1)
            #expect(try await W.integer(app, "SELECT workspace_id FROM users WHERE username = 'dora'") == 1)
            #expect(try await W.integer(app, "SELECT workspace_id FROM projects WHERE id = ?", [projectID]) == 1)
            #expect(try await W.integer(app, "SELECT COUNT(*) FROM projects WHERE slug = 'general'") == 1)
            // The moved General task joined the default General project after its existing task.
            #expect(try await W.integer(
                app, "SELECT t.project_ticket_no FROM tasks t JOIN projects p ON p.id = t.project_id WHERE t.title = 'Kept' AND p.slug = 'general' AND t.workspace_id = 1") == 2)
            #expect(try await W.integer(app, "SELECT workspace_id FROM tasks WHERE title = 'Side'") == 1)
            #expect(try await W.integer(app, "SELECT COUNT(*) FROM audit_log WHERE action = 'workspace_deleted'") == 1)
            // The moved user's session now lands in the default workspace and sees the tasks.
            let list = try await W.send(client, .get, "/api/tasks", session: token)
            #expect((list.json["tasks"] as? [[String: Any]])?.count == 3)
        }
    }

    @Test func nameClashesAreRefused() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try await W.create(client, #"{"name":"Clash"}"#)
            try await W.execute(app, "INSERT INTO agents (name, role, workspace_id) VALUES ('twin', 'r', 1), ('twin', 'r', ?)", [id])
            let agents = try await W.send(client, .delete, "/api/workspaces/\(id)")
            #expect(agents.status == .conflict)
            #expect(agents.text == #"{"error":"Cannot move agents to the default workspace: name already in use there: twin"}"#)
            try await W.execute(app, "DELETE FROM agents WHERE name = 'twin' AND workspace_id = ?", [id])
            try await W.execute(
                app,
                "INSERT INTO projects (workspace_id, name, slug, ticket_prefix) VALUES (1, 'Web', 'web', 'WEB'), (?, 'Website', 'web', 'SITE')",
                [id])
            let projects = try await W.send(client, .delete, "/api/workspaces/\(id)")
            #expect(projects.status == .conflict)
            #expect(projects.text == #"{"error":"Cannot move projects to the default workspace: slug or ticket prefix already in use there: Website"}"#)
            #expect(try await W.integer(app, "SELECT COUNT(*) FROM workspaces WHERE id = ?", [id]) == 1)
            #expect(try await W.integer(app, "SELECT COUNT(*) FROM projects WHERE workspace_id = ?", [id]) == 2)
            try await W.execute(app, "UPDATE projects SET slug = 'site' WHERE workspace_id = ? AND slug = 'web'", [id])
            #expect(try await W.send(client, .delete, "/api/workspaces/\(id)").status == .ok)
        }
    }
}
