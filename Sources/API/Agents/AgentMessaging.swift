import Foundation
import GRDB
import HTTPTypes
import MCShared

/// Direct messages to agents and the agent-to-agent communication view (reference §7.4).
///
/// The original relayed `POST /api/agents/message` to the agent's gateway session and kept no
/// copy. Without a gateway, the message is stored in `messages` (conversation
/// `a2a:<sender>:<recipient>`, announced as `chat.message`) and the recipient is notified, so
/// the agent finds it in its next heartbeat's work items.
struct AgentMessaging: Sendable {
    /// Longest message, in characters.
    static let messageLimit = 50_000
    /// `GET /api/agents/comms` page size: default 100, at most 500 (the original had no cap).
    static let defaultLimit = 100
    static let maximumLimit = 500
    /// Senders and recipients that are people or the system, not agents: left out of the graph.
    static let humanNames = ["human", "system", "operator"]

    let database: EventedDatabase

    /// Stores the message, notifies the recipient and logs `agent_message`.
    func send(to recipient: String, message: String, identity: Identity) async throws {
        let sender = identity.displayName.isEmpty ? identity.username : identity.displayName
        try await database.write { db, events in
            guard let agent = try AgentRecord.find(db, name: recipient, workspaceID: identity.workspaceID) else {
                throw APIError(.notFound, "Recipient agent not found")
            }
            let now = Int64(Date().timeIntervalSince1970)
            let conversation = "a2a:\(sender):\(agent.name)"
            try db.execute(
                sql: """
                    INSERT INTO messages (conversation_id, from_agent, to_agent, content, message_type, created_at, workspace_id)
                    VALUES (?, ?, ?, ?, 'text', ?, ?)
                    """,
                arguments: [conversation, sender, agent.name, message, now, agent.workspaceID])
            let id = db.lastInsertedRowID
            events.append(
                try EventLog.append(
                    db, type: "chat.message", workspaceID: agent.workspaceID,
                    payload: [
                        "id": .number(Double(id)), "conversation_id": .string(conversation), "from_agent": .string(sender),
                        "to_agent": .string(agent.name), "content": .string(message), "message_type": "text",
                        "metadata": .null, "read_at": .null, "created_at": .number(Double(now)),
                        "workspace_id": .number(Double(agent.workspaceID)),
                    ]))
            let preview = message.count > 200 ? String(message.prefix(200)) + "..." : message
            try NotificationLog.append(
                db, events: &events, recipient: agent.name, type: "message", title: "Direct Message",
                message: "\(sender): \(preview)", sourceType: "agent", sourceID: agent.id, workspaceID: agent.workspaceID)
            try ActivityLog.append(
                db, events: &events, type: "agent_message", entityType: "agent", entityID: agent.id, actor: sender,
                description: "Sent message to \(agent.name)", data: ["to": .string(agent.name)],
                workspaceID: agent.workspaceID)
        }
    }

    /// The comms view's query parameters.
    struct CommsQuery: Sendable {
        var limit: Int
        var offset: Int
        var since: Int64?
        var agent: String?

        init(limit: String?, offset: String?, since: String?, agent: String?) {
            self.limit = min(max(limit.flatMap { Int($0) } ?? AgentMessaging.defaultLimit, 1), AgentMessaging.maximumLimit)
            self.offset = max(offset.flatMap { Int($0) } ?? 0, 0)
            self.since = since.flatMap { Int64($0) }
            self.agent = agent.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// Agent-to-agent traffic: conversations `a2a:`, `coord:`, `session:`, `agent_…` or the
    /// coordinator inbox channel.
    static let agentTraffic = """
        (conversation_id LIKE 'a2a:%' OR conversation_id LIKE 'coord:%' OR conversation_id LIKE 'session:%'
         OR substr(conversation_id, 1, 6) = 'agent_'
         OR CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.channel') END = 'coordinator-inbox')
        """
    /// Between two agents, neither of them a person or the system.
    static let betweenAgents = """
        to_agent IS NOT NULL AND from_agent NOT IN ('human', 'system', 'operator')
        AND to_agent NOT IN ('human', 'system', 'operator')
        """

    /// `{messages, total, graph:{edges, agentStats}, source:{mode, seededCount, liveCount}}`.
    func comms(_ query: CommsQuery, workspaceID: Int64) async throws -> JSONValue {
        try await database.read { db in
            var filter = "workspace_id = ? AND \(Self.agentTraffic)"
            var arguments: [(any DatabaseValueConvertible)?] = [workspaceID]
            if let since = query.since {
                filter += " AND created_at > ?"
                arguments.append(since)
            }
            if let agent = query.agent {
                filter += " AND (from_agent = ? OR to_agent = ?)"
                arguments += [agent, agent]
            }
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM messages WHERE \(filter) ORDER BY created_at ASC, id ASC LIMIT ? OFFSET ?",
                arguments: StatementArguments(arguments + [query.limit as (any DatabaseValueConvertible)?, query.offset]))
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE \(filter)", arguments: StatementArguments(arguments)) ?? 0
            let seeded = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM messages WHERE \(filter) AND conversation_id LIKE 'conv-multi-%'",
                arguments: StatementArguments(arguments)) ?? 0
            var graphFilter = "workspace_id = ? AND \(Self.agentTraffic) AND \(Self.betweenAgents)"
            var graphArguments: [(any DatabaseValueConvertible)?] = [workspaceID]
            if let since = query.since {
                graphFilter += " AND created_at > ?"
                graphArguments.append(since)
            }
            let edges = try Row.fetchAll(
                db,
                sql: """
                    SELECT from_agent, to_agent, COUNT(*) AS message_count, MAX(created_at) AS last_message_at
                    FROM messages WHERE \(graphFilter) GROUP BY from_agent, to_agent ORDER BY message_count DESC
                    """,
                arguments: StatementArguments(graphArguments))
            let stats = try Row.fetchAll(
                db,
                sql: """
                    SELECT agent, SUM(sent) AS sent, SUM(received) AS received FROM (
                        SELECT from_agent AS agent, 1 AS sent, 0 AS received FROM messages WHERE \(graphFilter)
                        UNION ALL
                        SELECT to_agent AS agent, 0 AS sent, 1 AS received FROM messages WHERE \(graphFilter)
                    ) GROUP BY agent ORDER BY (SUM(sent) + SUM(received)) DESC, agent
                    """,
                arguments: StatementArguments(graphArguments + graphArguments))
            let live = max(0, total - seeded)
            let mode = total == 0 ? "empty" : live == 0 ? "seeded" : seeded == 0 ? "live" : "mixed"
            return [
                "messages": .array(rows.map(Self.message)), "total": .number(Double(total)),
                "graph": ["edges": .array(edges.map(Self.object)), "agentStats": .array(stats.map(Self.object))],
                "source": ["mode": .string(mode), "seededCount": .number(Double(seeded)), "liveCount": .number(Double(live))],
            ]
        }
    }

    private static func object(_ row: Row) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for (column, value) in row { fields[column] = AgentRecord.jsonValue(value) }
        return .object(fields)
    }

    /// A message row with `metadata` parsed (null when absent or not JSON).
    private static func message(_ row: Row) -> JSONValue {
        guard case .object(var fields) = object(row) else { return .null }
        let text: String? = row["metadata"]
        fields["metadata"] = text.flatMap { try? JSONValue.parse($0) } ?? .null
        return .object(fields)
    }
}
