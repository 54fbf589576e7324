import Foundation
import HTTPTypes

/// Who may read an agent's attribution and diagnostics reports, and for which window and
/// sections (reference §7.4). The reports are self-scoped: the agent itself — its own agent
/// key, or a session user whose username is the agent's name — or an admin who asks for it
/// with `privileged=1`.
///
/// Difference from the original (quirk 16): the client-settable `x-agent-name` header does
/// not make a caller "self"; only an agent key proves it is the agent.
struct AgentAccessScope: Sendable, Equatable {
    /// `self` or `privileged`, echoed as `access_scope`.
    var scope: String
    /// Window length in hours, 1…720.
    var hours: Int
    /// Requested sections, in the report's order.
    var sections: [String]

    static let defaultHours = 24
    static let maximumHours = 720
    static let hoursMessage = "hours must be an integer between 1 and 720"

    /// Checks access first (a 403 says nothing about parameters), then `hours` and `section`.
    /// - Parameters:
    ///   - report: `attribution` or `diagnostics`, for the 403 message.
    ///   - allSections: the valid sections, in output order; all of them when `section` is empty.
    init(
        identity: Identity, agentID: Int64, agentName: String, privileged: String?, hours: String?, section: String?,
        report: String, allSections: [String]
    ) throws {
        if Self.isSelf(identity, agentID: agentID, agentName: agentName) {
            scope = "self"
        } else if identity.role == .admin, privileged == "1" {
            scope = "privileged"
        } else {
            throw APIError(
                .forbidden,
                "Forbidden: \(report) is self-scope by default. Use the agent's own key, or privileged=1 as an admin.")
        }
        self.hours = try Self.hours(hours)
        self.sections = try Self.sections(section, allowed: allSections)
    }

    /// The caller is the agent: its own key, or a signed-in user with the agent's name.
    static func isSelf(_ identity: Identity, agentID: Int64, agentName: String) -> Bool {
        switch identity.credential {
        case .agentKey: return identity.agentID == agentID
        case .session: return identity.username == agentName
        case .globalKey: return false
        }
    }

    /// `hours`: digits only, 1…720; absent or empty → 24.
    static func hours(_ raw: String?) throws -> Int {
        guard let text = raw?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return defaultHours }
        guard text.count <= 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
            (1...maximumHours).contains(value)
        else { throw APIError(.badRequest, hoursMessage) }
        return value
    }

    /// `section`: comma-separated names from `allowed`; absent or empty → all of them.
    static func sections(_ raw: String?, allowed: [String]) throws -> [String] {
        let requested = (raw ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !requested.isEmpty else { return allowed }
        let unknown = requested.filter { !allowed.contains($0) }
        guard unknown.isEmpty else {
            throw APIError(
                .badRequest,
                "Invalid section value(s): \(unknown.joined(separator: ", ")). Valid sections: \(allowed.joined(separator: ", "))")
        }
        return allowed.filter(requested.contains)
    }

    /// The window `[since, until]` ending at `now`.
    func window(now: Int64) -> (since: Int64, until: Int64) { (now - Int64(hours) * 3600, now) }
}

/// The raw query parameters of an agent report (`privileged`, `hours`, `section`).
struct AgentReportQuery: Sendable {
    var privileged: String?
    var hours: String?
    var section: String?

    /// The access scope for `agent`, or the 403/400 of `AgentAccessScope`.
    func scope(identity: Identity, agent: AgentRecord, report: String, sections: [String]) throws -> AgentAccessScope {
        try AgentAccessScope(
            identity: identity, agentID: agent.id, agentName: agent.name, privileged: privileged, hours: hours,
            section: section, report: report, allSections: sections)
    }
}
