import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// Task creation, the review gate, status normalisation, ticket numbers and scoping against
/// the real application.
@Suite struct TaskWorkflowTests {
    typealias T = TaskTestSupport

    @Test func doneRequiresTheLatestReviewToApprove() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let task = try await T.createTask(client, #"{"title":"Gate me"}"#)
            let id = try #require(task["id"] as? Int)
            #expect(try await T.send(client, .put, "/api/tasks/\(id)", #"{"status":"review"}"#).status == .ok)
            let refused = try await T.send(client, .put, "/api/tasks/\(id)", #"{"status":"done"}"#)
            #expect(refused.status == .forbidden)
            #expect(refused.text == #"{"error":"Aegis approval is required to move task to done."}"#)

            let rejected = #"{"taskId":\#(id),"status":"rejected","notes":"tests fail"}"#
            #expect(try await T.send(client, .post, "/api/quality-review", rejected).status == .ok)
            let afterReject = try await T.send(client, .get, "/api/tasks/\(id)").json["task"] as? [String: Any]
            #expect(afterReject?["status"] as? String == "in_progress")
            #expect(afterReject?["error_message"] as? String == "Quality review rejected by aegis: tests fail")
            #expect(try await T.send(client, .put, "/api/tasks/\(id)", #"{"status":"done"}"#).status == .forbidden)

            // Any reviewer's approval counts, and it completes the task (quirk 4 fixed).
            let approved = #"{"taskId":\#(id),"reviewer":"qa-bot","status":"approved","notes":"looks good"}"#
            #expect(try await T.send(client, .post, "/api/quality-review", approved).status == .ok)
            let done = try await T.send(client, .get, "/api/tasks/\(id)").json["task"] as? [String: Any]
            #expect(done?["status"] as? String == "done")
            #expect(done?["completed_at"] as? Int != nil)

            #expect(try await T.send(client, .put, "/api/tasks/\(id)", #"{"status":"review"}"#).status == .ok)
            let again = try await T.send(client, .put, "/api/tasks/\(id)", #"{"status":"done"}"#)
            #expect(again.status == .ok)
            #expect((again.json["task"] as? [String: Any])?["status"] as? String == "done")

            let history = try await T.send(client, .get, "/api/quality-review?taskId=\(id)").json["reviews"] as? [[String: Any]]
            #expect(history?.map { $0["reviewer"] as? String } == ["qa-bot", "aegis"])
            let latest = try await T.send(client, .get, "/api/quality-review?taskIds=\(id),999").json["latest"] as? [String: Any]
            #expect((latest?["\(id)"] as? [String: Any])?["status"] as? String == "approved")
            #expect(latest?["999"] is NSNull)
        }
    }

    @Test func statusesAreNormalised() async throws {
        try await TestApplication().test { client in
            let assigned = try await T.createTask(client, #"{"title":"A","assigned_to":"alpha"}"#)
            #expect(assigned["status"] as? String == "assigned")
            let todo = try await T.createTask(client, #"{"title":"B","status":"todo","priority":"urgent"}"#)
            #expect(todo["status"] as? String == "todo")
            #expect(todo["priority"] as? String == "urgent")
            let done = try await T.createTask(client, #"{"title":"C","status":"done"}"#)
            #expect(done["completed_at"] as? Int != nil)
            #expect(done["created_by"] as? String == "API Access")

            let id = try #require(assigned["id"] as? Int)
            let cleared = try await T.send(client, .put, "/api/tasks/\(id)", #"{"assigned_to":null}"#)
            #expect((cleared.json["task"] as? [String: Any])?["status"] as? String == "inbox")
            let reassigned = try await T.send(client, .put, "/api/tasks/\(id)", #"{"assigned_to":"beta"}"#)
            #expect((reassigned.json["task"] as? [String: Any])?["status"] as? String == "assigned")
            let unchanged = try await T.send(client, .put, "/api/tasks/\(id)", "{}")
            #expect(unchanged.json["unchanged"] as? Bool == true, "\(unchanged.status) \(unchanged.text)")
        }
    }

    @Test func concurrentCreationsGetDistinctConsecutiveTicketNumbers() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let numbers = try await withThrowingTaskGroup(of: Int?.self) { group in
                for index in 0..<50 {
                    group.addTask { try await T.createTask(client, #"{"title":"Parallel \#(index)"}"#)["project_ticket_no"] as? Int }
                }
                var numbers: [Int] = []
                for try await number in group { numbers.append(try #require(number)) }
                return numbers
            }
            #expect(numbers.sorted() == Array(1...50))
            let list = try await T.send(client, .get, "/api/tasks?limit=200")
            #expect(list.json["total"] as? Int == 50)
            let refs = (list.json["tasks"] as? [[String: Any]])?.compactMap { $0["ticket_ref"] as? String } ?? []
            #expect(refs.contains("TASK-001") && refs.contains("TASK-050"))
        }
        let counter: [Int] = try await T.column(app, "SELECT ticket_counter FROM projects WHERE slug = 'general'")
        #expect(counter == [50])
    }

    @Test func listShapeFiltersAndPaging() async throws {
        try await TestApplication().test { client in
            let first = try await T.createTask(client, #"{"title":"One","tags":["x"],"metadata":{"k":1}}"#)
            _ = try await T.createTask(client, #"{"title":"Two","priority":"high"}"#)
            let id = try #require(first["id"] as? Int)
            try await T.send(client, .post, "/api/tasks/\(id)/comments", #"{"content":"hi"}"#)
            #expect(try await T.send(client, .get, "/api/tasks?limit=1000").json["limit"] as? Int == 1000)
            #expect(try await T.send(client, .get, "/api/tasks?limit=1001").json["limit"] as? Int == TaskQueries.maximumLimit)
            let page = try await T.send(client, .get, "/api/tasks?limit=1&offset=1")
            #expect(page.json["total"] as? Int == 2)
            #expect(page.json["page"] as? Int == 2)
            #expect(page.json["limit"] as? Int == 1)
            let task = try #require((page.json["tasks"] as? [[String: Any]])?.first)
            #expect(task["title"] as? String == "One")
            #expect(task["comment_count"] as? Int == 1)
            #expect(task["tags"] as? [String] == ["x"])
            #expect((task["metadata"] as? [String: Any])?["k"] as? Int == 1)
            #expect(task["project_name"] as? String == "General")
            #expect(task["project_prefix"] as? String == "TASK")
            let high = try await T.send(client, .get, "/api/tasks?priority=high")
            #expect((high.json["tasks"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Two"])
        }
    }

    @Test func rememberedListsFollowEveryChange() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            #expect(try await T.send(client, .get, "/api/tasks").json["total"] as? Int == 0)
            let id = try #require(try await T.createTask(client, #"{"title":"New"}"#)["id"] as? Int)
            #expect(try await T.send(client, .get, "/api/tasks").json["total"] as? Int == 1)
            try await T.send(client, .post, "/api/tasks/\(id)/comments", #"{"content":"c"}"#)
            let listed = try await T.send(client, .get, "/api/tasks").json["tasks"] as? [[String: Any]]
            #expect(listed?.first?["comment_count"] as? Int == 1)
            // A change written outside the task services invalidates the list too.
            try await app.dependencies.database.pool.write { db in
                try db.execute(sql: "UPDATE projects SET ticket_prefix = 'GEN' WHERE id = 1")
            }
            let renamed = try await T.send(client, .get, "/api/tasks").json["tasks"] as? [[String: Any]]
            #expect(renamed?.first?["ticket_ref"] as? String == "GEN-001")
            #expect(try await T.send(client, .get, "/api/tasks?status=inbox").json["total"] as? Int == 1)
            #expect(try await T.send(client, .get, "/api/tasks?status=done").json["total"] as? Int == 0)
        }
    }

    @Test func otherWorkspacesTasksAreNotFound() async throws {
        let app = try await TestApplication()
        try await app.dependencies.database.pool.write { db in
            try db.execute(sql: "INSERT INTO workspaces (id, slug, name, tenant_id) VALUES (2, 'other', 'Other', 1)")
            try db.execute(sql: "INSERT INTO tasks (id, title, workspace_id) VALUES (77, 'Hidden', 2)")
        }
        try await app.test { client in
            for method in [HTTPRequest.Method.get, .delete] {
                let response = try await T.send(client, method, "/api/tasks/77")
                #expect(response.status == .notFound)
                #expect(response.text == #"{"error":"Task not found"}"#)
            }
            let update = try await T.send(client, .put, "/api/tasks/77", #"{"title":"x"}"#)
            #expect(update.status == .notFound)
            #expect(try await T.send(client, .get, "/api/tasks/77/comments").status == .notFound)
            #expect(try await T.send(client, .get, "/api/tasks").json["total"] as? Int == 0)
        }
    }

    @Test func agentKeysOnlyReachTheirOwnTasks() async throws {
        let app = try await TestApplication()
        let key = try await T.agentKey(app, agent: "alpha")
        try await app.test { client in
            let mine = try await T.createTask(client, #"{"title":"Mine","assigned_to":"alpha"}"#)
            let theirs = try await T.createTask(client, #"{"title":"Theirs","assigned_to":"beta"}"#)
            let theirID = try #require(theirs["id"] as? Int)
            for (method, body) in [(HTTPRequest.Method.get, nil), (.put, #"{"title":"x"}"#), (.delete, nil)] as [(HTTPRequest.Method, String?)] {
                let response = try await T.send(client, method, "/api/tasks/\(theirID)", body, key: key)
                #expect(response.status == .forbidden)
                #expect(response.text == #"{"error":"Access denied: agent key may only access its own tasks."}"#)
            }
            let list = try await T.send(client, .get, "/api/tasks?assigned_to=beta", key: key)
            #expect((list.json["tasks"] as? [[String: Any]])?.map { $0["id"] as? Int } == [mine["id"] as? Int])
            let own = try await T.send(client, .get, "/api/tasks/\(mine["id"] as? Int ?? 0)", key: key)
            #expect(own.status == .ok)
        }
    }

    @Test func bulkUpdateCountsOnlyRealChangesAndGatesDone() async throws {
        try await TestApplication().test { client in
            let a = try #require(try await T.createTask(client, #"{"title":"A"}"#)["id"] as? Int)
            let b = try #require(try await T.createTask(client, #"{"title":"B","status":"review"}"#)["id"] as? Int)
            let body = #"{"tasks":[{"id":\#(a),"status":"in_progress"},{"id":\#(b),"status":"review"},{"id":9999,"status":"todo"}]}"#
            let response = try await T.send(client, .put, "/api/tasks", body)
            #expect(response.status == .ok)
            #expect(response.json["updated"] as? Int == 1)
            let refused = try await T.send(client, .put, "/api/tasks", #"{"tasks":[{"id":\#(a),"status":"todo"},{"id":\#(b),"status":"done"}]}"#)
            #expect(refused.status == .forbidden)
            #expect(refused.text == #"{"error":"Aegis approval required for task \#(b)"}"#)
            // The whole batch rolled back: A is still in progress.
            let taskA = try await T.send(client, .get, "/api/tasks/\(a)").json["task"] as? [String: Any]
            #expect(taskA?["status"] as? String == "in_progress")
            func items(_ count: Int) -> String {
                #"{"tasks":["# + (0..<count).map { #"{"id":\#(1000 + $0),"status":"todo"}"# }.joined(separator: ",") + "]}"
            }
            #expect(try await T.send(client, .put, "/api/tasks", items(100)).json["updated"] as? Int == 0)
            let tooMany = try await T.send(client, .put, "/api/tasks", items(101))
            #expect(tooMany.json["details"] as? [String] == ["tasks: Too big: expected array to have <=100 items"])
            let badItem = try await T.send(client, .put, "/api/tasks", #"{"tasks":[{"id":0,"status":"todo"}]}"#)
            #expect(badItem.json["details"] as? [String] == ["tasks.0.id: Too small: expected number to be >0"])
            let empty = try await T.send(client, .put, "/api/tasks", #"{"tasks":[]}"#)
            #expect(empty.text == #"{"details":["tasks: At least one task is required"],"error":"Validation failed"}"#)
        }
    }

    @Test func deleteRemovesTheTaskAndRecordsIt() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try #require(try await T.createTask(client, #"{"title":"Bye"}"#)["id"] as? Int)
            let response = try await T.send(client, .delete, "/api/tasks/\(id)")
            #expect(response.text == #"{"success":true}"#)
            #expect(try await T.send(client, .get, "/api/tasks/\(id)").status == .notFound)
            let invalid = try await T.send(client, .put, "/api/tasks/abc", #"{"title":""}"#)
            #expect(invalid.text == #"{"error":"Invalid task ID"}"#)
        }
        let types: [String] = try await T.column(app, "SELECT type FROM events WHERE type LIKE 'task.%' ORDER BY id")
        #expect(types == ["task.created", "task.deleted"])
        let payloads: [String] = try await T.column(app, "SELECT payload FROM events WHERE type LIKE 'task.%' ORDER BY id")
        #expect(payloads.first?.contains(#""ticket_ref":"TASK-001""#) == true)
        #expect(payloads.allSatisfy { $0.contains(#""workspace_id":1"#) })
        #expect(payloads.last?.contains(#""title":"Bye""#) == true)
        let activities: [String] = try await T.column(app, "SELECT type FROM activities ORDER BY id")
        #expect(activities == ["task_created", "task_deleted"])
    }
}
