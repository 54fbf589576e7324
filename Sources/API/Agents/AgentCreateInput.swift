import Foundation
import HTTPTypes
import MCShared

/// The body of `POST /api/agents`: the original's `createAgentSchema` fields that mean
/// something without an OpenClaw installation. The gateway and provisioning fields are refused
/// with a 400 naming the field, never ignored, so a caller does not believe they took effect.
struct AgentCreateInput: Sendable {
    static let statuses = ["online", "offline", "busy", "idle", "error"]
    static let runtimeTypes = ["hermes", "openclaw", "claude", "codex", "custom"]
    /// Longest `soul_content`, in characters.
    static let soulLimit = 50_000

    var name: String
    var role: String
    var sessionKey: String?
    var soulContent: String?
    var status: String
    var config: [String: JSONValue]
    var runtimeType: String?

    /// Validates `body`: 400 for an unsupported gateway field, 400 "Validation failed" with
    /// details for schema problems, 400 "Name and role are required" without a role.
    init(_ body: JSONBody) throws {
        try Self.refuseGatewayFields(body)
        var check = AgentInputCheck(body)
        let name = check.string("name", required: true, min: 1, max: 100, minMessage: "Name is required")
        let role = check.string("role", min: 1, max: 100, minMessage: "Role is required")
        let sessionKey = check.string("session_key", max: 200)
        let soul = check.string("soul_content", max: Self.soulLimit)
        let status = check.option("status", Self.statuses) ?? "offline"
        let config = check.object("config") ?? [:]
        let gatewayConfig = check.object("gateway_config") ?? [:]
        let runtimeType = check.option("runtime_type", Self.runtimeTypes)
        _ = check.bool("write_to_gateway")
        _ = check.bool("provision_openclaw_workspace")
        try check.finish()
        let trimmedName = name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let trimmedRole = role?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !trimmedName.isEmpty, !trimmedRole.isEmpty else { throw APIError(.badRequest, "Name and role are required") }
        self.name = trimmedName
        self.role = trimmedRole
        self.sessionKey = sessionKey?.isEmpty == false ? sessionKey : nil
        self.soulContent = soul
        self.status = status
        // As the original: gateway_config is merged over config, shallowly.
        self.config = config.merging(gatewayConfig) { _, gateway in gateway }
        self.runtimeType = runtimeType
    }

    /// 400 for fields that only an OpenClaw gateway could act on.
    static func refuseGatewayFields(_ body: JSONBody) throws {
        for field in ["template", "openclaw_id", "openclaw_workspace_path"] where body.fields[field].map({ $0 != .null }) ?? false {
            throw unsupported(field)
        }
        for field in ["write_to_gateway", "provision_openclaw_workspace"] where body.fields[field] == .bool(true) {
            throw unsupported(field)
        }
    }

    /// The 400 for a field this installation cannot honour.
    static func unsupported(_ field: String) -> APIError {
        APIError(.badRequest, "\(field) is not supported: this Mission Control has no OpenClaw gateway")
    }
}
