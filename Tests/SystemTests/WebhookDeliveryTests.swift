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
    /// A receiver that answers 200 and records each request's `webhook-id` and task title.
    final class Receiver: Sendable {
        let received = Mutex<[(id: String, title: String)]>([])

        var all: [(id: String, title: String)] { received.withLock { $0 } }

        func answer(_ request: Request) async throws -> Response {
            let body = try await request.body.collect(upTo: 1 << 20)
            let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
            let title = (object?["data"] as? [String: Any])?["title"] as? String ?? ""
            let id = request.headers[HTTPField.Name("webhook-id")!] ?? ""
            received.withLock { $0.append((id, title)) }
            // Slow enough that deliveries are in flight when the worker is killed.
            try await Task.sleep(for: .milliseconds(20))
            return Response(status: .ok)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func everyEventArrivesWhileTheDelivererIsKilled() async throws {
        let tree = try ProcessTreeHarness(extraEnvironment: [
            "MC_WEBHOOK_ALLOW_PRIVATE": "1", "MC_DISABLE_RATE_LIMIT": "1",
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
            let count = 200
            for index in 0..<count {
                if index == 70 || index == 140 {
                    let pid = try #require(try await tree.status()["webhooks"]?.pid)
                    kill(pid, SIGKILL)
                }
                let task = try await tree.send(.POST, "/api/tasks", #"{"title":"system task \#(index)"}"#)
                #expect(task.status == 201, "\(task.body)")
            }
            // A delivery whose result died with the worker is sent again when its 30 s lease expires.
            try await eventually(timeout: .seconds(120), interval: .milliseconds(250), "every event received") {
                Set(receiver.all.map(\.title)).count == count
            }
            try await eventually(timeout: .seconds(60), interval: .milliseconds(250), "the history agrees") {
                let history = try await tree.deliveries()
                return history.count == count && history.allSatisfy { $0.status == "succeeded" }
            }
            let received = receiver.all
            #expect(Set(received.map(\.title)) == Set((0..<count).map { "system task \($0)" }))
            // Duplicates (sent again after a kill) carry the same webhook-id as the first send.
            let titlesByID = Dictionary(grouping: received, by: \.id).mapValues { Set($0.map(\.title)) }
            #expect(titlesByID.count == count)
            #expect(titlesByID.values.allSatisfy { $0.count == 1 })
            let history = try await tree.deliveries()
            #expect(Set(history.map(\.uid)) == Set(titlesByID.keys))
            #expect(try await tree.status()["webhooks"]?.restartsTotal == 2)
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

    /// The first webhook's delivery history: each delivery's `delivery_uid` and status.
    func deliveries() async throws -> [(uid: String, status: String)] {
        let response = try await get("/api/webhooks/deliveries?webhook_id=1&limit=200", timeout: 10)
        let object = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
        return (object?["deliveries"] as? [[String: Any]] ?? []).map {
            ($0["delivery_uid"] as? String ?? "", $0["status"] as? String ?? "")
        }
    }
}
