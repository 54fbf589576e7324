import Foundation
import GRDB
import HTTPTypes
import MCShared

/// `/api/agents/evals`: runs the evaluation layers (`AgentEvalFormulas`) for an agent and
/// records them in `eval_runs`, reports the latest runs and the weekly history, and stores
/// golden sets.
struct AgentEvalService: Sendable {
    let database: EventedDatabase

    static let layers = ["output", "trace", "component", "drift"]
    static let weeksRange = 1...52
    static let defaultWeeks = 4
    static let goldenSetNameLimit = 100
    static let goldenSetEntryLimit = 1000

    /// `weeks` (default 4): 400 unless an integer in 1…52.
    static func weeks(_ raw: String?) throws -> Int {
        guard let raw, !raw.isEmpty else { return defaultWeeks }
        guard let weeks = Int(raw), weeksRange.contains(weeks) else {
            throw APIError(.badRequest, "weeks must be an integer from 1 to 52")
        }
        return weeks
    }

    /// `{agent, layers:[latest run per layer], drift:{hasDrift, metrics:[output drift]}}`.
    func latest(agent reference: String, weeks: Int, identity: Identity, now: Int64 = Self.now()) async throws
        -> JSONValue
    {
        try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let samples = try AgentEvalStore.samples(
                db, agent: agent.name, workspaceID: agent.workspaceID,
                since: now - AgentEvalFormulas.week * Int64(weeks + 1))
            let drift = AgentEvalFormulas.drift(samples, week: 0, weeks: weeks, now: now)
            return [
                "agent": .string(agent.name),
                "layers": .array(try AgentEvalStore.latestRuns(db, agent: agent.name, workspaceID: agent.workspaceID)),
                "drift": ["hasDrift": .bool(drift.drifted), "metrics": [drift.json]],
            ]
        }
    }

    /// `{agent, history:[{week_start, week_end, output, trace, component}], driftTimeline:[…]}`
    /// over the last `weeks` weeks, oldest first.
    func history(agent reference: String, weeks: Int, identity: Identity, now: Int64 = Self.now()) async throws
        -> JSONValue
    {
        try await database.read { db in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            // Each week's drift baseline reaches `weeks` weeks further back.
            let samples = try AgentEvalStore.samples(
                db, agent: agent.name, workspaceID: agent.workspaceID,
                since: now - AgentEvalFormulas.week * Int64(2 * weeks))
            var history: [JSONValue] = []
            var timeline: [JSONValue] = []
            for index in (0..<weeks).reversed() {
                let window = AgentEvalFormulas.week(index, before: now)
                let bounds: [String: JSONValue] = [
                    "week_start": .number(Double(window.lowerBound)),
                    "week_end": .number(Double(window.upperBound - 1)),
                ]
                let scores: [String: JSONValue] = [
                    "output": Self.score(AgentEvalFormulas.output(samples, in: window)),
                    "trace": Self.score(AgentEvalFormulas.trace(samples, in: window)),
                    "component": Self.score(AgentEvalFormulas.component(samples, in: window)),
                ]
                history.append(.object(bounds.merging(scores) { old, _ in old }))
                let drift = AgentEvalFormulas.drift(samples, week: index, weeks: weeks, now: now)
                timeline.append(.object(bounds.merging(drift.json.objectFields) { old, _ in old }))
            }
            return ["agent": .string(agent.name), "history": .array(history), "driftTimeline": .array(timeline)]
        }
    }

    /// Runs `layer` (all four when nil) over the last 7 days and records each result.
    func run(agent reference: String, layer: String?, identity: Identity, now: Int64 = Self.now()) async throws
        -> JSONValue
    {
        try await database.write { db, _ in
            let agent = try AgentRecord.require(db, reference: reference, workspaceID: identity.workspaceID)
            let weeks = Self.defaultWeeks
            let samples = try AgentEvalStore.samples(
                db, agent: agent.name, workspaceID: agent.workspaceID,
                since: now - AgentEvalFormulas.week * Int64(weeks + 1))
            let window = AgentEvalFormulas.week(0, before: now)
            let results = (layer.map { [$0] } ?? Self.layers).map { layer -> AgentEvalFormulas.Result in
                switch layer {
                case "output": AgentEvalFormulas.output(samples, in: window)
                case "trace": AgentEvalFormulas.trace(samples, in: window)
                case "component": AgentEvalFormulas.component(samples, in: window)
                default: AgentEvalFormulas.driftResult(samples, weeks: weeks, now: now)
                }
            }
            for result in results {
                try AgentEvalStore.insert(db, result, agent: agent.name, workspaceID: agent.workspaceID, at: now)
            }
            return ["agent": .string(agent.name), "results": .array(results.map(\.json))]
        }
    }

    /// Creates or replaces the golden set `name` of the caller's workspace; audited.
    func saveGoldenSet(
        name: String, description: String?, entries: [JSONValue], identity: Identity, ipAddress: String
    ) async throws -> JSONValue {
        try await database.write { db, events in
            let now = Self.now()
            try db.execute(
                sql: """
                    INSERT INTO eval_golden_sets (name, description, entries, created_by, workspace_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name, workspace_id)
                    DO UPDATE SET entries = excluded.entries, description = COALESCE(excluded.description, description),
                                  updated_at = excluded.updated_at
                    """,
                arguments: [
                    name, description, JSONValue.array(entries).jsonText, identity.username, identity.workspaceID, now,
                    now,
                ])
            try AuditLog.append(
                db, events: &events, action: "eval_golden_set_saved", actor: identity.username,
                actorID: identity.userID,
                targetType: "eval_golden_set",
                detail: ["name": .string(name), "entries": .number(Double(entries.count))], ipAddress: ipAddress,
                workspaceID: identity.workspaceID)
            return ["success": true, "name": .string(name)]
        }
    }

    static func score(_ result: AgentEvalFormulas.Result) -> JSONValue { result.score.map(JSONValue.number) ?? .null }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}

extension JSONValue {
    /// The fields when this is an object, else none.
    fileprivate var objectFields: [String: JSONValue] {
        if case .object(let fields) = self { return fields }
        return [:]
    }
}
