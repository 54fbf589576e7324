import Foundation
import HTTPTypes
import Hummingbird
import MCShared

/// Task comments (reference §7.2) and quality reviews (§7.7).
struct TaskReviewRoutes {
    let database: EventedDatabase

    func register(on routes: RouteRegistry) {
        let mutation = RouteRateLimit(policy: .mutation, key: .clientAddress)
        let comments = TaskComments(database: database)
        let reviews = QualityReviews(database: database)
        routes.add(.init(method: .get, path: "/api/tasks/{id}/comments", access: .role(.viewer), summary: "A task's comments, threaded", tag: "Tasks")) { _, context in
            let identity = try context.requireIdentity()
            let result = try await comments.list(taskID: try TaskRoutes.taskID(context), identity: identity)
            return jsonValueResponse(["comments": .array(result.comments), "total": .number(Double(result.total))])
        }
        routes.add(.init(method: .post, path: "/api/tasks/{id}/comments", access: .role(.operator), summary: "Comment on a task", tag: "Tasks", successStatus: .created, rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let taskID = try TaskRoutes.taskID(context)
            let input = try TaskComments.input(try await JSONBody.read(request).fields)
            let result = try await comments.create(taskID: taskID, content: input.content, parentID: input.parentID, identity: identity)
            var body: [String: JSONValue] = ["comment": result.comment]
            if let agent = result.autoAssignedTo { body["auto_assigned_to"] = .string(agent) }
            return jsonValueResponse(.object(body), status: .created)
        }
        routes.add(.init(method: .get, path: "/api/quality-review", access: .role(.viewer), summary: "A task's reviews, or the latest review of several tasks", tag: "Tasks", queryParameters: ["taskId", "taskIds"])) { request, context in
            let identity = try context.requireIdentity()
            let query = request.uri.queryParameters
            if let list = query.get("taskIds") {
                let ids = list.split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
                guard !ids.isEmpty else { throw APIError(.badRequest, "taskIds must include at least one numeric id") }
                let latest = try await reviews.latest(taskIDs: ids, workspaceID: identity.workspaceID)
                return jsonValueResponse(["latest": .object(latest)])
            }
            guard let id = query.get("taskId").flatMap({ Int64($0) }) else { throw APIError(.badRequest, "taskId is required") }
            return jsonValueResponse(["reviews": .array(try await reviews.reviews(taskID: id, workspaceID: identity.workspaceID))])
        }
        routes.add(.init(method: .post, path: "/api/quality-review", access: .role(.operator), summary: "Record a quality review; approval completes the task", tag: "Tasks", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let input = try QualityReviews.input(try await JSONBody.read(request).fields)
            let id = try await reviews.record(input, identity: identity)
            return jsonValueResponse(["success": true, "id": .number(Double(id))])
        }
    }
}
