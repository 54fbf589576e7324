import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting

@testable import MCAPI

/// Fixtures of the queue, outcome and hide tests: tasks inserted straight into the database so
/// priority, dates and outcomes are exact.
enum QueueTestSupport {
    /// Inserts a task of workspace 1; returns its id.
    @discardableResult
    static func task(
        _ app: TestApplication, _ title: String, status: String = "inbox", priority: String = "medium",
        assignedTo: String? = nil, dueDate: Int64? = nil, createdAt: Int64 = 1_000, outcome: String? = nil,
        retryCount: Int64 = 0, errorMessage: String? = nil, completedAt: Int64? = nil, workspaceID: Int64 = 1
    ) async throws -> Int64 {
        try await app.dependencies.database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tasks (title, status, priority, assigned_to, due_date, created_at, updated_at, outcome,
                                       retry_count, error_message, completed_at, workspace_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    title, status, priority, assignedTo, dueDate, createdAt, createdAt, outcome, retryCount, errorMessage,
                    completedAt, workspaceID,
                ])
            return db.lastInsertedRowID
        }
    }

    /// Polls the queue with the global key.
    static func poll(_ client: any TestClientProtocol, _ query: String, headers extra: HTTPFields = [:]) async throws
        -> TestResponse
    {
        try await TaskTestSupport.send(client, .get, "/api/tasks/queue?\(query)", headers: extra)
    }

    /// The task id of a poll response.
    static func taskID(_ response: TestResponse) -> Int? {
        (response.json["task"] as? [String: Any])?["id"] as? Int
    }
}
