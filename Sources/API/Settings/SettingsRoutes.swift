import Foundation
import Hummingbird
import MCShared

/// `/api/settings` (admin): list, update, reset.
struct SettingsRoutes {
    let database: EventedDatabase

    func register(on routes: RouteRegistry) {
        let service = SettingsService(database: database)
        let mutation = RouteRateLimit(policy: .mutation, key: .clientAddress)
        routes.add(.init(method: .get, path: "/api/settings", access: .role(.admin), summary: "Settings with their defaults, and custom settings", tag: "Settings")) { _, _ in
            try jsonResponse(try await service.list())
        }
        routes.add(.init(method: .put, path: "/api/settings", access: .role(.admin), summary: "Update settings: {settings:{key: value}}", tag: "Settings", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request)
            guard case .object(let fields)? = body.fields["settings"], !fields.isEmpty else {
                throw APIError(.badRequest, "settings must be an object of key: value with at least one key")
            }
            var values: [String: String] = [:]
            for (key, value) in fields {
                switch value {
                case .string(let text): values[key] = text
                case .bool(let flag): values[key] = flag ? "true" : "false"
                case .number: values[key] = value.jsonText
                default: throw APIError(.badRequest, "\(key): a setting value is a string, number or boolean")
                }
            }
            return try jsonResponse(try await service.update(values, identity: identity, ipAddress: context.clientAddress))
        }
        routes.add(.init(method: .delete, path: "/api/settings", access: .role(.admin), summary: "Reset a setting to its default: {key}", tag: "Settings", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            guard let key = try await JSONBody.read(request).string("key"), !key.isEmpty else {
                throw APIError(.badRequest, "key is required")
            }
            return try jsonResponse(try await service.reset(key: key, identity: identity, ipAddress: context.clientAddress))
        }
    }
}
