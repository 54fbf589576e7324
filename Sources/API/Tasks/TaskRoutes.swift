import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import MCShared
import NIOCore

/// Task routes (reference §7.2): list, create, bulk status, and one task's read, update and
/// delete.
struct TaskRoutes {
    let database: EventedDatabase
    let coordinator: String?
    /// List pages and totals, invalidated by any commit that changes what they show.
    private let cache = TaskListCache()

    init(database: EventedDatabase, coordinator: String?) {
        self.database = database
        self.coordinator = coordinator
    }

    func register(on routes: RouteRegistry) {
        TableCommitObserver.watch(database.pool, tables: TaskListCache.observedTables) { [cache] in cache.invalidate() }
        let mutation = RouteRateLimit(policy: .mutation, key: .clientAddress)
        routes.add(.init(method: .get, path: "/api/tasks", access: .role(.viewer), summary: "List the workspace's tasks, newest first", tag: "Tasks", queryParameters: ["status", "assigned_to", "priority", "project_id", "limit", "offset"])) { request, context in
            try await list(request, context)
        }
        routes.add(.init(method: .post, path: "/api/tasks", access: .role(.operator), summary: "Create a task", tag: "Tasks", successStatus: .created, rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let fields = try TaskFields(try await JSONBody.read(request).fields, creating: true)
            let task = try await TaskCreation(database: database, coordinator: coordinator).create(fields, identity: identity)
            return jsonValueResponse(["task": task], status: .created)
        }
        routes.add(.init(method: .put, path: "/api/tasks", access: .role(.operator), summary: "Move several tasks to new statuses", tag: "Tasks", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let moves = try TaskBulkAndDelete.moves(try await JSONBody.read(request).fields)
            let updated = try await TaskBulkAndDelete(database: database).apply(moves, identity: identity)
            return jsonValueResponse(["success": true, "updated": .number(Double(updated))])
        }
        routes.add(.init(method: .get, path: "/api/tasks/{id}", access: .role(.viewer), summary: "One task", tag: "Tasks")) { _, context in
            let identity = try context.requireIdentity()
            let id = try Self.taskID(context)
            let task = try await database.read { db in try TaskQueries.find(db, id: id, workspaceID: identity.workspaceID) }
            guard let task else { throw APIError(.notFound, "Task not found") }
            try TaskWriteSupport.checkScope(identity, assignee: task["assigned_to"]?.stringValue)
            return jsonValueResponse(["task": task])
        }
        routes.add(.init(method: .put, path: "/api/tasks/{id}", access: .role(.operator), summary: "Update a task", tag: "Tasks", rateLimit: mutation)) { request, context in
            let identity = try context.requireIdentity()
            let id = try Self.taskID(context)
            let fields = try TaskFields(try await JSONBody.read(request).fields, creating: false)
            let result = try await TaskUpdate(database: database).update(id: id, fields, identity: identity)
            return jsonValueResponse(result.unchanged ? ["task": result.task, "unchanged": true] : ["task": result.task])
        }
        routes.add(.init(method: .delete, path: "/api/tasks/{id}", access: .role(.operator), summary: "Delete a task", tag: "Tasks", rateLimit: mutation)) { _, context in
            let identity = try context.requireIdentity()
            try await TaskBulkAndDelete(database: database).delete(id: try Self.taskID(context), identity: identity)
            return jsonValueResponse(["success": true])
        }
    }

    private func list(_ request: Request, _ context: APIContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        var filter = TaskQueries.ListFilter()
        filter.status = query.get("status").flatMap { $0.isEmpty ? nil : String($0) }
        filter.assignedTo = query.get("assigned_to").flatMap { $0.isEmpty ? nil : String($0) }
        filter.priority = query.get("priority").flatMap { $0.isEmpty ? nil : String($0) }
        filter.projectID = query.get("project_id").flatMap { Int64($0) }
        // An agent sees only its own tasks, whatever it asks for (reference §1).
        if identity.isAgentScoped { filter.assignedTo = identity.agentName }
        filter.limit = min(max(query.get("limit").flatMap { Int($0) } ?? 50, 1), TaskQueries.maximumLimit)
        filter.offset = max(query.get("offset").flatMap { Int($0) } ?? 0, 0)
        let pageKey = filter.cacheKey(workspaceID: identity.workspaceID) + "|\(filter.limit)|\(filter.offset)"
        let generation = cache.generation
        if let bytes = cache.page(for: pageKey, generation: generation) { return Self.response(bytes) }
        let page = try await database.read { [filter, cache] db in
            try TaskQueries.list(db, workspaceID: identity.workspaceID, filter: filter, totals: cache)
        }
        let bytes = JSONValue.object([
            "tasks": .array(page.tasks), "total": .number(Double(page.total)),
            "page": .number(Double(filter.offset / filter.limit + 1)), "limit": .number(Double(filter.limit)),
        ]).jsonBytes
        cache.remember(page: bytes, for: pageKey, generation: generation)
        return Self.response(bytes)
    }

    private static func response(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The `{id}` path parameter as a positive task id, or 400 "Invalid task ID".
    static func taskID(_ context: APIContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIError(.badRequest, "Invalid task ID")
        }
        return id
    }
}
