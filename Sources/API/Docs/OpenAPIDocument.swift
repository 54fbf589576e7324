import Foundation
import HTTPTypes
import MCShared

/// Builds the OpenAPI 3.1 document from the route table, so every registered route is
/// documented with the role it requires, and nothing unregistered is.
enum OpenAPIDocument {
    static func build(_ routes: [RouteDescriptor], version: String) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Mission Control API",
                "version": .string(version),
                "description": "REST API of Mission Control, compatible with builderz-labs/mission-control. Each operation's minimum role is in `x-minimum-role`.",
            ],
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": [
                "securitySchemes": [
                    "session": ["type": "apiKey", "in": "cookie", "name": "mc-session"],
                    "apiKey": ["type": "apiKey", "in": "header", "name": "x-api-key"],
                    "bearer": ["type": "http", "scheme": "bearer"],
                ],
                "schemas": [
                    "Error": [
                        "type": "object", "required": ["error"],
                        "properties": ["error": ["type": "string"]],
                    ],
                    "Object": ["type": "object", "additionalProperties": true],
                ],
            ],
        ]
    }

    private static func operation(_ route: RouteDescriptor) -> JSONValue {
        var parameters: [JSONValue] = pathParameters(route.path).map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
        }
        parameters += route.queryParameters.map { name in
            ["name": .string(name), "in": "query", "required": false, "schema": ["type": "string"]]
        }
        var responses: [String: JSONValue] = [
            String(route.successStatus.code): [
                "description": "Success",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Object"]]],
            ],
            "400": errorResponse("Invalid request"),
        ]
        var operation: [String: JSONValue] = [
            "summary": .string(route.summary),
            "tags": [.string(route.tag)],
            "operationId": .string(operationID(route)),
        ]
        switch route.access {
        case .public:
            operation["security"] = []
            operation["x-minimum-role"] = "public"
        case .role(let role):
            operation["security"] = [["session": []], ["apiKey": []], ["bearer": []]]
            operation["x-minimum-role"] = .string(role.rawValue)
            responses["401"] = errorResponse("Authentication required")
            responses["403"] = errorResponse("Requires a higher role")
        }
        if route.rateLimit != nil { responses["429"] = errorResponse("Rate limit exceeded (see Retry-After)") }
        if ["POST", "PUT", "PATCH", "DELETE"].contains(route.method.rawValue) {
            operation["requestBody"] = [
                "required": false,
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Object"]]],
            ]
        }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        operation["responses"] = .object(responses)
        return .object(operation)
    }

    private static func errorResponse(_ description: String) -> JSONValue {
        [
            "description": .string(description),
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
        ]
    }

    /// `{name}` segments of a path.
    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    static func operationID(_ route: RouteDescriptor) -> String {
        let words = route.path.split(separator: "/").dropFirst().map { segment -> String in
            let name = segment.hasPrefix("{") ? "by-" + segment.dropFirst().dropLast() : String(segment)
            return name
        }
        return ([route.method.rawValue.lowercased()] + words).joined(separator: "_")
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
    }
}
