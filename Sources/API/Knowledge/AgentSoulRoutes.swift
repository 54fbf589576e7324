import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// `GET`/`PUT`/`PATCH /api/agents/{id}/soul`: the SOUL, its replacement (from text or a
/// template) and the template catalogue.
struct AgentSoulRoutes {
    let service: AgentSoulService
    let isolation: WorkspaceIsolation

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .get, path: "/api/agents/{id}/soul", access: .role(.viewer), summary: "An agent's SOUL content and the names of the SOUL templates", tag: "Agents")) { _, context in
            let identity = try context.requireIdentity()
            return try jsonResponse(try await service.read(reference: try AgentRoutes.reference(context), identity: identity))
        }
        routes.add(.init(method: .put, path: "/api/agents/{id}/soul", access: .role(.operator), summary: "Replace an agent's SOUL with soul_content or a rendered template_name ({{AGENT_NAME}}, {{AGENT_ROLE}}, {{TIMESTAMP}}); mirrored to soul.md in the agent workspace", tag: "Agents", rateLimit: .init(policy: .mutation, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request)
            let templateName = try body.string("template_name")
            let content = try body.string("soul_content")
            if let templateName {
                guard SoulTemplates.isValidName(templateName) else { throw APIError(.badRequest, "Invalid template name") }
                try await isolation.require(.runtimeConfiguration, route: request.uri.path, identity: identity, ipAddress: context.clientAddress)
            } else {
                guard body.has("soul_content") else { throw APIError(.badRequest, "soul_content or template_name is required") }
                if let content, content.count > AgentCreateInput.soulLimit {
                    throw APIError(.badRequest, "soul_content must be at most \(AgentCreateInput.soulLimit) characters")
                }
            }
            let reference = try AgentRoutes.reference(context)
            return try jsonResponse(try await service.write(reference: reference, content: content, templateName: templateName, identity: identity))
        }
        routes.add(.init(method: .patch, path: "/api/agents/{id}/soul", access: .role(.viewer), summary: "SOUL templates: the list ({name, description, size}) or, with ?template=, one template's raw content", tag: "Agents", queryParameters: ["template"])) { request, context in
            let identity = try context.requireIdentity()
            try await isolation.require(.runtimeConfiguration, route: request.uri.path, identity: identity, ipAddress: context.clientAddress)
            let template = request.uri.queryParameters.get("template").flatMap { $0.isEmpty ? nil : $0 }
            return try jsonResponse(try await service.templateCatalogue(reference: try AgentRoutes.reference(context), template: template, identity: identity))
        }
    }
}
