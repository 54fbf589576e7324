import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// `/api/agents/{id}/memory` (working memory) and `/api/agents/{id}/files` (workspace files).
/// Agent-scoped callers reach only their own agent.
struct AgentMemoryRoutes {
    let memory: AgentMemoryService
    let files: AgentFilesService
    let isolation: WorkspaceIsolation

    /// Largest memory request body: the memory limit in UTF-16 units, each escaped as `\uXXXX`.
    static let memoryBodyLimit = AgentMemoryService.maximumLength * 6 + 4096
    /// Largest file request body: the file limit with every byte escaped as `\u00XX`.
    static let fileBodyLimit = AgentFilesService.maximumSize * 6 + 4096

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .get, path: "/api/agents/{id}/memory", access: .role(.viewer), summary: "An agent's working memory: its workspace WORKING.md/working.md/MEMORY.md/memory.md when newer than the database copy", tag: "Agents")) { _, context in
            let identity = try context.requireIdentity()
            return try jsonResponse(try await memory.read(reference: try AgentRoutes.reference(context), identity: identity))
        }
        routes.add(.init(method: .put, path: "/api/agents/{id}/memory", access: .role(.operator), summary: "Replace or append to (append: true) an agent's working memory, at most 524288 characters", tag: "Agents", rateLimit: .init(policy: .mutation, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let reference = try AgentRoutes.reference(context)
            // Scope before reading the body: another agent's memory is refused whatever it says.
            try AgentHeartbeatService.authorize(reference: reference, identity: identity)
            let body = try await JSONBody.read(request, limit: Self.memoryBodyLimit)
            guard let text = try body.string("working_memory") else { throw APIError(.badRequest, "working_memory is required") }
            let append = try body.bool("append") ?? false
            return try jsonResponse(try await memory.write(reference: reference, text: text, append: append, identity: identity))
        }
        routes.add(.init(method: .delete, path: "/api/agents/{id}/memory", access: .role(.operator), summary: "Clear an agent's working memory", tag: "Agents", rateLimit: .init(policy: .mutation, key: .clientAddress))) { _, context in
            let identity = try context.requireIdentity()
            return try jsonResponse(try await memory.clear(reference: try AgentRoutes.reference(context), identity: identity))
        }
        routes.add(.init(method: .get, path: "/api/agents/{id}/files", access: .role(.viewer), summary: "Files of an agent's workspace (agent.md, identity.md, soul.md, WORKING.md, MEMORY.md, TOOLS.md, AGENTS.md, MISSION.md, USER.md)", tag: "Agents", queryParameters: ["file"])) { request, context in
            let identity = try context.requireIdentity()
            try await isolation.require(.agentFilesystem, route: request.uri.path, identity: identity, ipAddress: context.clientAddress)
            let file = request.uri.queryParameters.get("file").map { $0.trimmingCharacters(in: .whitespaces) }
            let reference = try AgentRoutes.reference(context)
            return try jsonResponse(try await files.read(reference: reference, file: file.flatMap { $0.isEmpty ? nil : $0 }, identity: identity))
        }
        routes.add(.init(method: .put, path: "/api/agents/{id}/files", access: .role(.operator), summary: "Write one of the allowed files of an agent's workspace (at most 1 MiB)", tag: "Agents")) { request, context in
            let identity = try context.requireIdentity()
            try await isolation.require(.agentFilesystem, route: request.uri.path, identity: identity, ipAddress: context.clientAddress)
            let body = try await JSONBody.read(request, limit: Self.fileBodyLimit)
            guard let file = try body.string("file")?.trimmingCharacters(in: .whitespaces), !file.isEmpty else {
                throw APIError(.badRequest, "file is required")
            }
            guard let content = try body.string("content") else { throw APIError(.badRequest, "content is required") }
            let reference = try AgentRoutes.reference(context)
            return try jsonResponse(try await files.write(reference: reference, file: file, content: content, identity: identity))
        }
    }
}
