import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// `/api/auth/users`, `/api/setup` and `/api/tokens/rotate` (reference §7.1).
struct UserRoutes {
    let users: UserAdministration
    let setup: FirstAdminSetup
    let keys: GlobalKeyRotation

    func register(on routes: RouteRegistry) {
        let identityLimit = { (domain: String) in RouteRateLimit(policy: .identitySecurityMutation, key: .identity(domain: domain)) }
        routes.add(.init(method: .get, path: "/api/auth/users", access: .role(.admin), summary: "Users of the caller's workspace", tag: "Users")) { _, context in
            let identity = try context.requireIdentity()
            let list = try await users.list(workspaceID: identity.workspaceID)
            return try jsonResponse(["users": .array(list.map { $0.adminJSON(tenantID: identity.tenantID) })] as JSONValue)
        }
        routes.add(.init(method: .post, path: "/api/auth/users", access: .role(.admin), summary: "Create a user", tag: "Users", successStatus: .created, rateLimit: identityLimit("users"))) { request, context in
            let identity = try context.requireIdentity()
            let user = try await users.create(.init(try await JSONBody.read(request)), by: identity, ip: context.clientAddress)
            return try jsonResponse(["user": user.adminJSON(tenantID: identity.tenantID)], status: .created)
        }
        routes.add(.init(method: .put, path: "/api/auth/users", access: .role(.admin), summary: "Update a user (role, password, approval, profile)", tag: "Users", rateLimit: identityLimit("users"))) { request, context in
            let identity = try context.requireIdentity()
            let user = try await users.update(try await JSONBody.read(request), by: identity, ip: context.clientAddress)
            return try jsonResponse(["user": user.adminJSON(tenantID: identity.tenantID)])
        }
        routes.add(.init(method: .delete, path: "/api/auth/users", access: .role(.admin), summary: "Delete a user and end their sessions", tag: "Users", rateLimit: identityLimit("users"))) { request, context in
            try await users.delete(try await JSONBody.read(request), by: try context.requireIdentity(), ip: context.clientAddress)
            return try jsonResponse(["success": true])
        }
        routes.add(.init(method: .get, path: "/api/setup", access: .public, summary: "Whether the first admin still has to be created", tag: "Setup")) { _, _ in
            try jsonResponse(["needsSetup": try await setup.needsSetup()])
        }
        routes.add(.init(method: .post, path: "/api/setup", access: .public, summary: "Create the first admin and log in", tag: "Setup")) { request, context in
            let (user, token) = try await setup.run(
                try await JSONBody.read(request), ip: context.clientAddress, userAgent: request.headers[.userAgent])
            var response = try jsonResponse([
                "user": [
                    "id": .number(Double(user.id)), "username": .string(user.username),
                    "display_name": .string(user.displayName), "role": .string(user.role.rawValue),
                ] as JSONValue
            ])
            response.setCookie(SessionCookie.issue(token: token, secure: context.isSecure))
            return response
        }
        routes.add(.init(method: .get, path: "/api/tokens/rotate", access: .role(.admin), summary: "Where the global API key comes from (never the key)", tag: "API keys")) { _, _ in
            try jsonResponse(try await keys.status())
        }
        routes.add(.init(method: .post, path: "/api/tokens/rotate", access: .role(.admin), summary: "Rotate the global API key; the new key is shown once", tag: "API keys", rateLimit: identityLimit("api-key"))) { _, context in
            try jsonResponse(try await keys.rotate(by: try context.requireIdentity(), ip: context.clientAddress))
        }
    }
}
