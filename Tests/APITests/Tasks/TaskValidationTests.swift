import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// The createTaskSchema limits: each at the limit (accepted) and one past (the exact message).
@Suite struct TaskValidationTests {
    typealias T = TaskTestSupport

    static func repeated(_ count: Int) -> String { String(repeating: "a", count: count) }
    static func tags(_ count: Int) -> String { "[" + (0..<count).map { "\"t\($0)\"" }.joined(separator: ",") + "]" }

    /// (field and value JSON at the limit, one past, the message one past).
    static let limits: [(String, String, String)] = [
        (#""title":"\#(repeated(500))""#, #""title":"\#(repeated(501))""#, "title: Too big: expected string to have <=500 characters"),
        (#""title":"x","description":"\#(repeated(5000))""#, #""title":"x","description":"\#(repeated(5001))""#, "description: Too big: expected string to have <=5000 characters"),
        (#""title":"x","assigned_to":"\#(repeated(100))""#, #""title":"x","assigned_to":"\#(repeated(101))""#, "assigned_to: Too big: expected string to have <=100 characters"),
        (#""title":"x","tags":\#(tags(50))"#, #""title":"x","tags":\#(tags(51))"#, "tags: Too big: expected array to have <=50 items"),
        (#""title":"x","tags":["\#(repeated(100))"]"#, #""title":"x","tags":["\#(repeated(101))"]"#, "tags.0: Too big: expected string to have <=100 characters"),
        (#""title":"x","feedback_rating":5"#, #""title":"x","feedback_rating":6"#, "feedback_rating: Too big: expected number to be <=5"),
        (#""title":"x","estimated_hours":10000"#, #""title":"x","estimated_hours":10000.5"#, "estimated_hours: Too big: expected number to be <=10000"),
        (#""title":"x","due_date":4102444800"#, #""title":"x","due_date":4102444801"#, "due_date: Too big: expected number to be <=4102444800"),
        (#""title":"x","metadata":{"implementation_repo":"\#(repeated(200))"}"#, #""title":"x","metadata":{"implementation_repo":"\#(repeated(201))"}"#, "metadata.implementation_repo: Too big: expected string to have <=200 characters"),
        (#""title":"x","metadata":{"code_location":"\#(repeated(500))"}"#, #""title":"x","metadata":{"code_location":"\#(repeated(501))"}"#, "metadata.code_location: Too big: expected string to have <=500 characters"),
    ]

    @Test func limitsAcceptTheLimitAndRejectOnePast() async throws {
        try await TestApplication().test { client in
            for (atLimit, past, message) in Self.limits {
                let accepted = try await T.send(client, .post, "/api/tasks", "{\(atLimit)}")
                #expect(accepted.status == .created, "\(message)")
                let refused = try await T.send(client, .post, "/api/tasks", "{\(past)}")
                #expect(refused.status == .badRequest)
                #expect(refused.json["error"] as? String == "Validation failed")
                #expect(refused.json["details"] as? [String] == [message])
            }
        }
    }

    @Test(arguments: [
        (#"{}"#, "title: Invalid input: expected string, received undefined"),
        (#"{"title":""}"#, "title: Title is required"),
        (#"{"title":"x","status":"nope"}"#, #"status: Invalid option: expected one of "backlog"|"inbox"|"todo"|"assigned"|"awaiting_owner"|"in_progress"|"review"|"quality_review"|"done"|"failed""#),
        (#"{"title":"x","priority":"meh"}"#, #"priority: Invalid option: expected one of "critical"|"urgent"|"high"|"medium"|"low""#),
        (#"{"title":"x","project_id":0}"#, "project_id: Too small: expected number to be >0"),
        (#"{"title":"x","retry_count":1.5}"#, "retry_count: Invalid input: expected int, received number"),
        (#"{"title":"x","tags":[""]}"#, "tags.0: Too small: expected string to have >=1 characters"),
        (#"{"title":"x","metadata":[]}"#, "metadata: Invalid input: expected record, received array"),
        (#"{"title":"x","actual_hours":-1}"#, "actual_hours: Too small: expected number to be >=0"),
    ])
    func invalidFieldsAreNamed(body: String, message: String) async throws {
        try await TestApplication().test { client in
            let response = try await T.send(client, .post, "/api/tasks", body)
            #expect(response.status == .badRequest)
            #expect(response.json["details"] as? [String] == [message])
        }
    }

    @Test func qualityReviewAndCommentBodiesAreValidated() async throws {
        try await TestApplication().test { client in
            let review = try await T.send(client, .post, "/api/quality-review", #"{"taskId":1,"status":"approved","notes":""}"#)
            #expect(review.json["details"] as? [String] == ["notes: Notes are required for quality reviews"])
            let missing = try await T.send(client, .post, "/api/quality-review", #"{"taskId":12345,"status":"approved","notes":"ok"}"#)
            #expect(missing.text == #"{"error":"Task not found"}"#)
            #expect(try await T.send(client, .get, "/api/quality-review").text == #"{"error":"taskId is required"}"#)
            #expect(
                try await T.send(client, .get, "/api/quality-review?taskIds=a,b").text
                    == #"{"error":"taskIds must include at least one numeric id"}"#)
            let id = try #require(try await T.createTask(client, #"{"title":"c"}"#)["id"] as? Int)
            let comment = try await T.send(client, .post, "/api/tasks/\(id)/comments", #"{"content":""}"#)
            #expect(comment.json["details"] as? [String] == ["content: Comment content is required"])
        }
    }
}
