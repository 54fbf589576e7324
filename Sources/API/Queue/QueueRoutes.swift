import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// The agent task queue, task outcome report and agent hiding (reference §7.2 queue/outcomes
/// rows, §9.7, §7.4 hide row).
struct QueueRoutes {
    let database: EventedDatabase

    func register(on routes: RouteRegistry) {
        let queue = TaskQueueService(database: database)
        let outcomes = TaskOutcomes(database: database)
        let visibility = AgentVisibility(database: database)
        routes.add(.init(method: .get, path: "/api/tasks/queue", access: .role(.operator), summary: "Poll (and atomically claim) the next task for an agent", tag: "Tasks", queryParameters: ["agent", "max_capacity"], rateLimit: .init(policy: .agentTask, key: .agent))) { request, context in
            let identity = try context.requireIdentity()
            let query = request.uri.queryParameters
            let poll = try TaskQueueService.Poll(
                agent: query.get("agent"), maxCapacity: query.get("max_capacity"), identity: identity)
            return try jsonResponse(try await queue.poll(poll, actor: identity))
        }
        routes.add(.init(method: .get, path: "/api/tasks/outcomes", access: .role(.viewer), summary: "Outcome summary of done tasks per agent and priority", tag: "Tasks", queryParameters: ["timeframe"])) { request, context in
            let identity = try context.requireIdentity()
            let timeframe = try TaskOutcomes.timeframe(request.uri.queryParameters.get("timeframe"))
            return try jsonResponse(try await outcomes.report(timeframe: timeframe, workspaceID: identity.workspaceID))
        }
        for (method, hidden) in [(HTTPRequest.Method.post, true), (.delete, false)] {
            let summary = hidden ? "Hide an agent from the default agent list" : "Show a hidden agent again"
            routes.add(.init(method: method, path: "/api/agents/{id}/hide", access: .role(.operator), summary: summary, tag: "Agents")) { _, context in
                let identity = try context.requireIdentity()
                let reference = try AgentRoutes.reference(context)
                return try jsonResponse(try await visibility.setHidden(hidden, reference: reference, actor: identity))
            }
        }
    }
}
