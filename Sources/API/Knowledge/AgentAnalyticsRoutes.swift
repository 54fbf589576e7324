import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// `/api/agents/evals` and `/api/agents/optimize`: an agent's evaluation layers and its
/// efficiency report. The formulas are documented on `AgentEvalFormulas` and `AgentOptimizer`.
struct AgentAnalyticsRoutes {
    let evals: AgentEvalService
    let optimizer: AgentOptimizeService

    func register(on routes: RouteRegistry) {
        routes.add(.init(method: .get, path: "/api/agents/evals", access: .role(.operator), summary: "An agent's latest eval run per layer and its output drift (this week's output score against the mean of the previous `weeks` weeks, drifted when |delta| > 0.15); action=history: weekly output/trace/component scores and the drift timeline over `weeks` (1-52)", tag: "Agents", queryParameters: ["agent", "action", "weeks"], rateLimit: .init(policy: .read, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let query = request.uri.queryParameters
            guard let agent = query.get("agent"), !agent.isEmpty else { throw APIError(.badRequest, "agent is required") }
            let action = query.get("action") ?? ""
            guard action.isEmpty || action == "history" else { throw APIError(.badRequest, "Unknown action") }
            let weeks = try AgentEvalService.weeks(query.get("weeks"))
            if action == "history" {
                return try jsonResponse(try await evals.history(agent: agent, weeks: weeks, identity: identity))
            }
            return try jsonResponse(try await evals.latest(agent: agent, weeks: weeks, identity: identity))
        }
        routes.add(.init(method: .post, path: "/api/agents/evals", access: .role(.operator), summary: "action=run {agent, layer?}: run and record the eval layers over the last 7 days — output: success rate of done tasks with an outcome (pass ≥ 0.7); trace: mean eval_traces convergence (pass ≥ 0.7); component: 1 − share of tasks with errors or retries (pass ≥ 0.8); drift: 1 − |delta| of the output score against the 4 previous weeks (pass when |delta| ≤ 0.15). action=golden-set {name, entries[≤1000], description?} (admin): create or replace a golden set", tag: "Agents", rateLimit: .init(policy: .mutation, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let body = try await JSONBody.read(request)
            switch try body.string("action") ?? "" {
            case "run":
                guard let agent = try body.string("agent"), !agent.isEmpty else { throw APIError(.badRequest, "agent is required") }
                let layer = try body.string("layer")
                if let layer, !AgentEvalService.layers.contains(layer) {
                    throw APIError(.badRequest, "layer must be one of: \(AgentEvalService.layers.joined(separator: ", "))")
                }
                return try jsonResponse(try await evals.run(agent: agent, layer: layer, identity: identity))
            case "golden-set":
                guard identity.role >= .admin else { throw APIError(.forbidden, "Admin role required for golden-set") }
                let input = try GoldenSetInput(body)
                return try jsonResponse(
                    try await evals.saveGoldenSet(
                        name: input.name, description: input.description, entries: input.entries, identity: identity,
                        ipAddress: context.clientAddress))
            default:
                throw APIError(.badRequest, "Unknown action")
            }
        }
        routes.add(.init(method: .get, path: "/api/agents/optimize", access: .role(.operator), summary: "An agent's efficiency over the last `hours` (1-720): tokens and cost per completed task against the fleet, trend between the window's halves (±10%), completion and error rates, ranking by completed tasks, and recommendations (error rate > 10%/20%, tokens per task > 1.5×/2× the fleet average, declining trend, completion rate < 50%, tokens without completed tasks). Tool patterns are empty: no tool usage is recorded", tag: "Agents", queryParameters: ["agent", "hours"], rateLimit: .init(policy: .read, key: .clientAddress))) { request, context in
            let identity = try context.requireIdentity()
            let query = request.uri.queryParameters
            guard let agent = query.get("agent"), !agent.isEmpty else { throw APIError(.badRequest, "agent is required") }
            let hours = try AgentOptimizeService.hours(query.get("hours"))
            return try jsonResponse(try await optimizer.report(agent: agent, hours: hours, identity: identity))
        }
    }
}
