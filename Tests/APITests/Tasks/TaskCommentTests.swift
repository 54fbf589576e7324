import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MCAPI

/// Mentions, notifications and threaded comments.
@Suite struct TaskCommentTests {
    typealias T = TaskTestSupport

    @Test func unknownMentionsAreRefusedAndKnownOnesNotified() async throws {
        let app = try await TestApplication()
        try await T.user(app, "bob")
        try await app.test { client in
            let refused = try await T.send(client, .post, "/api/tasks", #"{"title":"x","description":"hey @ghost and @Bob, mail a@b.c"}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.text == #"{"error":"Unknown mentions: @ghost","missing_mentions":["ghost"]}"#)
            let created = try await T.send(client, .post, "/api/tasks", #"{"title":"Ping","description":"please look @bob"}"#)
            #expect(created.status == .created)
        }
        let rows: [String] = try await T.column(app, "SELECT recipient || ':' || type || ':' || message FROM notifications")
        #expect(rows == [#"bob:mention:API Access mentioned you in task "Ping""#])
        let subscribers: [String] = try await T.column(app, "SELECT agent_name FROM task_subscriptions ORDER BY agent_name")
        #expect(subscribers == ["API Access", "bob"])
    }

    @Test func commentsAreThreadedAndParentsMustBelongToTheTask() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let id = try #require(try await T.createTask(client, #"{"title":"Talk"}"#)["id"] as? Int)
            let other = try #require(try await T.createTask(client, #"{"title":"Other"}"#)["id"] as? Int)
            let top = try await T.send(client, .post, "/api/tasks/\(id)/comments", #"{"content":"first","author":"spoof"}"#)
            #expect(top.status == .created)
            let topComment = try #require(top.json["comment"] as? [String: Any])
            #expect(topComment["author"] as? String == "API Access")
            let topID = try #require(topComment["id"] as? Int)
            let reply = try await T.send(client, .post, "/api/tasks/\(id)/comments", #"{"content":"reply","parent_id":\#(topID)}"#)
            #expect(reply.status == .created)
            try await T.send(client, .post, "/api/tasks/\(id)/comments", #"{"content":"second"}"#)
            let foreign = try await T.send(client, .post, "/api/tasks/\(other)/comments", #"{"content":"x","parent_id":\#(topID)}"#)
            #expect(foreign.status == .notFound)
            #expect(foreign.text == #"{"error":"Parent comment not found"}"#)

            let list = try await T.send(client, .get, "/api/tasks/\(id)/comments")
            #expect(list.json["total"] as? Int == 3)
            let comments = try #require(list.json["comments"] as? [[String: Any]])
            #expect(comments.map { $0["content"] as? String } == ["first", "second"])
            let replies = comments.first?["replies"] as? [[String: Any]]
            #expect(replies?.map { $0["content"] as? String } == ["reply"])
        }
    }

    @Test func mentioningAnAgentAssignsAnUnassignedTask() async throws {
        let app = try await TestApplication()
        _ = try await T.agentKey(app, agent: "Code Bot")
        try await T.user(app, "carol")
        try await app.test { client in
            let id = try #require(try await T.createTask(client, #"{"title":"Fix it"}"#)["id"] as? Int)
            try await T.send(client, .post, "/api/tasks/\(id)/comments", #"{"content":"cc @carol"}"#)
            let response = try await T.send(client, .post, "/api/tasks/\(id)/comments", #"{"content":"@code-bot please take this"}"#)
            #expect(response.json["auto_assigned_to"] as? String == "Code Bot")
            let task = try await T.send(client, .get, "/api/tasks/\(id)").json["task"] as? [String: Any]
            #expect(task?["assigned_to"] as? String == "Code Bot")
            #expect(task?["status"] as? String == "assigned")
        }
        let rows: [String] = try await T.column(app, "SELECT recipient || ':' || type FROM notifications ORDER BY id")
        #expect(rows == ["carol:mention", "Code Bot:assignment", "carol:comment", "Code Bot:mention"])
    }

    @Test func agentCLIOutputIsNormalised() {
        let raw = "\u{1B}[32m" + #"{"payloads":[{"text":"Done."}],"meta":{"durationMs":1500,"agentMeta":{"model":"m1","usage":{"total":42}}}}"#
        #expect(CommentContent.normalise(raw) == "Done.\n\n_m1 · 42 tokens · 1.5s_")
        #expect(CommentContent.normalise("plain {text}") == "plain {text}")
        #expect(Mentions.tokens(in: "@a x@b (@c) @A @-no") == ["a", "c"])
    }
}
