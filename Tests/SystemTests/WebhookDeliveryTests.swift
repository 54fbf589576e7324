import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Webhooks through the real tree: events committed by mc-api reach a local receiver through
/// the deliverer worker, even while that worker is killed.
@Suite(.serialized)
struct WebhookDeliveryTests {
    /// A receiver that answers 200 and records each request's `webhook-id` and task id.
    final class Receiver: Sendable {
        let received = Mutex<[(id: String, task: Int)]>([])

        var all: [(id: String, task: Int)] { received.withLock { $0 } }

        func answer(_ request: Request) async throws -> Response {
            let body = try await request.body.collect(upTo: 1 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
            let task = (object?["data"] as? [String: Any])?["id"] as? Int ?? -1
            let id = request.headers[HTTPField.Name("webhook-id")!] ?? ""
            received.withLock { $0.append((id, task)) }
            // Slow enough that deliveries are in flight when the worker is killed.
            try await Task.sleep(for: .milliseconds(20))
            return Response(status: .ok)
        }
    }

    /// The issue's scenario: 1,000 events while the deliverer is killed three times and mc-api
    /// once. Every committed task reaches the receiver at least once; repeats carry the
    /// delivery's `webhook-id`; the history has one succeeded delivery per task.
    @Test(.timeLimit(.minutes(6)))
    func everyEventArrivesWhileTheDelivererAndTheAPIAreKilled() async throws {
        let tree = try ProcessTreeHarness(extraEnvironment: [
            "MC_WEBHOOK_ALLOW_PRIVATE": "1", "MC_DISABLE_RATE_LIMIT": "1", "MC_WEBHOOK_HISTORY": "5000",
        ])
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        #expect(tree.log.contains("MC_WEBHOOK_ALLOW_PRIVATE=1"))
        let receiver = Receiver()
        let router = Router()
        router.post("/hook") { request, _ in try await receiver.answer(request) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let created = try await tree.send(
                .POST, "/api/webhooks",
                #"{"name":"system","url":"http://127.0.0.1:\#(port)/hook","events":["activity.task_created"]}"#)
            #expect(created.status == 201 || created.status == 200, "\(created.body)")
            let count = 1000
            for index in 0..<count {
                if [250, 500, 750].contains(index) {
                    let pid = try #require(try await tree.status()["webhooks"]?.pid)
                    kill(pid, SIGKILL)
                }
                if index == 600 {
                    let pid = try #require(try await tree.status()["api"]?.pid)
                    kill(pid, SIGKILL)
                }
                // While mc-api restarts, creations fail: try again (a creation whose answer was
                // lost may have committed; the checks below count tasks, not attempts).
                try await eventually(timeout: .seconds(30), interval: .milliseconds(100), "task \(index) created") {
                    (try? await tree.send(.POST, "/api/tasks", #"{"title":"system task \#(index)"}"#))?.status == 201
                }
            }
            let tasks = try await tree.taskIDs()
            #expect(tasks.count >= count)
            // A delivery whose result died with a worker is sent again when its 30 s lease expires.
            try await eventually(timeout: .seconds(180), interval: .milliseconds(500), "every event received") {
                Set(receiver.all.map(\.task)) == tasks
            }
            try await eventually(timeout: .seconds(60), interval: .milliseconds(500), "the history agrees") {
                let history = try await tree.deliveries()
                return history.count == tasks.count && history.allSatisfy { $0.status == "succeeded" }
            }
            let received = receiver.all
            // Repeats (sent again after a kill) carry the same webhook-id as the first send.
            let tasksByID = Dictionary(grouping: received, by: \.id).mapValues { Set($0.map(\.task)) }
            #expect(tasksByID.count == tasks.count)
            #expect(tasksByID.values.allSatisfy { $0.count == 1 })
            let history = try await tree.deliveries()
            #expect(Set(history.map(\.uid)) == Set(tasksByID.keys))
            let status = try await tree.status()
            #expect(status["webhooks"]?.restartsTotal == 3)
            #expect(status["api"]?.restartsTotal == 1)
        }
    }
}

extension ProcessTreeHarness {
    /// Sends `body` (JSON) with the API key.
    func send(_ method: HTTPMethod, _ path: String, _ body: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "x-api-key", value: Self.apiKey)
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: text))
    }

    /// The first webhook's whole delivery history, page by page: each delivery's
    /// `delivery_uid` and status.
    func deliveries() async throws -> [(uid: String, status: String)] {
        var all: [(uid: String, status: String)] = []
        while true {
            let response = try await get("/api/webhooks/deliveries?webhook_id=1&limit=200&offset=\(all.count)", timeout: 10)
            let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
            let page = (object?["deliveries"] as? [[String: Any]] ?? []).map {
                (uid: $0["delivery_uid"] as? String ?? "", status: $0["status"] as? String ?? "")
            }
            all += page
            if page.count < 200 { return all }
        }
    }

    /// The ids of every task.
    func taskIDs() async throws -> Set<Int> {
        let response = try await get("/api/tasks?limit=1000&offset=0", timeout: 10)
        var ids = Set<Int>()
        var object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        var offset = 0
        while let tasks = object?["tasks"] as? [[String: Any]], !tasks.isEmpty {
            ids.formUnion(tasks.compactMap { $0["id"] as? Int })
            offset += tasks.count
            let next = try await get("/api/tasks?limit=1000&offset=\(offset)", timeout: 10)
            object = try JSONSerialization.jsonObject(with: Data(next.body.utf8)) as? [String: Any]
        }
        return ids
    }
}
