import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// Project routes (reference §7.3, projects only).
struct ProjectRoutes {
    let database: EventedDatabase

    func register(on routes: RouteRegistry) {
        let mutation = RouteRateLimit(policy: .mutation, key: .clientAddress)
        let commands = ProjectCommands(database: database)
        routes.add(.init(method: .get, path: "/api/projects", access: .role(.viewer), summary: "The workspace's projects", tag: "Projects", queryParameters: ["includeArchived"])) { request, context in
            let identity = try context.requireIdentity()
            let archived = request.uri.queryParameters.get("includeArchived") == "1"
            let projects = try await database.read { db in
                try ProjectQueries.list(db, workspaceID: identity.workspaceID, includeArchived: archived)
            }
            return jsonValueResponse(["projects": .array(projects)])
        }
        routes.add(.init(method: .post, path: "/api/projects", access: .role(.operator), summary: "Create a project", tag: "Projects", successStatus: .created, rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let project = try await commands.create(try await JSONBody.read(request), workspaceID: identity.workspaceID)
            return jsonValueResponse(["project": project], status: .created)
        }
        routes.add(.init(method: .get, path: "/api/projects/{id}", access: .role(.viewer), summary: "One project", tag: "Projects")) { _, context in
            let identity = try context.requireIdentity()
            let id = try Self.projectID(context)
            let project = try await database.read { db in try ProjectQueries.find(db, id: id, workspaceID: identity.workspaceID) }
            guard let project else { throw APIError(.notFound, "Project not found") }
            return jsonValueResponse(["project": project])
        }
        routes.add(.init(method: .patch, path: "/api/projects/{id}", access: .role(.operator), summary: "Change a project", tag: "Projects", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let id = try Self.projectID(context)
            let patch = try ProjectPatch(try await JSONBody.read(request).fields)
            let project = try await database.write { db, _ in
                try patch.apply(db, id: id, workspaceID: identity.workspaceID)
                return try ProjectQueries.find(db, id: id, workspaceID: identity.workspaceID) ?? .null
            }
            return jsonValueResponse(["project": project])
        }
        routes.add(.init(method: .delete, path: "/api/projects/{id}", access: .role(.admin), summary: "Archive (default) or delete a project", tag: "Projects", queryParameters: ["mode"], rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let mode = request.uri.queryParameters.get("mode") == "delete" ? "delete" : "archive"
            try await commands.remove(id: try Self.projectID(context), mode: mode, workspaceID: identity.workspaceID)
            return jsonValueResponse(["success": true, "mode": .string(mode)])
        }
        routes.add(.init(method: .get, path: "/api/projects/{id}/tasks", access: .role(.viewer), summary: "A project's tasks", tag: "Projects")) { _, context in
            let identity = try context.requireIdentity()
            let id = try Self.projectID(context)
            let (project, tasks) = try await database.read { db in
                guard let project = try ProjectQueries.find(db, id: id, workspaceID: identity.workspaceID) else {
                    throw APIError(.notFound, "Project not found")
                }
                return (project, try TaskQueries.forProject(db, projectID: id, workspaceID: identity.workspaceID))
            }
            return jsonValueResponse(["project": ProjectQueries.summary(project), "tasks": .array(tasks)])
        }
        registerAgents(on: routes, commands: commands, mutation: mutation)
    }

    private func registerAgents(on routes: RouteRegistry, commands: ProjectCommands, mutation: RouteRateLimit) {
        routes.add(.init(method: .get, path: "/api/projects/{id}/agents", access: .role(.viewer), summary: "Agents assigned to a project", tag: "Projects")) { _, context in
            let identity = try context.requireIdentity()
            let list = try await commands.assignments(projectID: try Self.projectID(context), workspaceID: identity.workspaceID)
            return jsonValueResponse(["assignments": .array(list)])
        }
        routes.add(.init(method: .post, path: "/api/projects/{id}/agents", access: .role(.operator), summary: "Assign an agent to a project", tag: "Projects", successStatus: .created, rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let id = try Self.projectID(context)
            let body = try await JSONBody.read(request)
            guard let name = try body.string("agent_name")?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw APIError(.badRequest, "agent_name is required")
            }
            try await commands.setAssignment(
                projectID: id, agentName: name, role: try body.string("role"), remove: false, workspaceID: identity.workspaceID)
            return jsonValueResponse(["success": true], status: .created)
        }
        routes.add(.init(method: .delete, path: "/api/projects/{id}/agents", access: .role(.operator), summary: "Unassign an agent from a project", tag: "Projects", queryParameters: ["agent_name"], rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let id = try Self.projectID(context)
            guard let name = request.uri.queryParameters.get("agent_name"), !name.isEmpty else {
                throw APIError(.badRequest, "agent_name is required")
            }
            try await commands.setAssignment(
                projectID: id, agentName: String(name), role: nil, remove: true, workspaceID: identity.workspaceID)
            return jsonValueResponse(["success": true])
        }
    }

    /// The `{id}` path parameter as a positive project id, or 400 "Invalid project ID".
    static func projectID(_ context: APIContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIError(.badRequest, "Invalid project ID")
        }
        return id
    }
}
