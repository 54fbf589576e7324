import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Opens many SSE subscriptions, commits probe tasks through the API, and measures, per
/// subscriber and event, receive time minus the event's commit timestamp (same machine clock).
struct SSEFanout {
    let port: Int
    let key: String
    let subscribers: Int

    func measure(api: BenchAPI, probes: Int) async throws -> Stats {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: subscribers + 10)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let (latencies, sink) = AsyncStream.makeStream(of: Double.self)
        let (ready, readySink) = AsyncStream.makeStream(of: Void.self)
        let readers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<subscribers {
                    group.addTask { try await subscribe(client, ready: readySink, latencies: sink, probes: probes) }
                }
                try await group.waitForAll()
            }
        }
        var connected = 0
        for await _ in ready {
            connected += 1
            if connected == subscribers { break }
        }
        for index in 0..<probes {
            try await api.post("/api/tasks", ["title": "sse-probe \(index)"])
            try await Task.sleep(for: .milliseconds(100))
        }
        var samples: [Double] = []
        let expected = subscribers * probes
        let deadline = ContinuousClock.now + .seconds(30)
        for await latency in latencies {
            samples.append(latency)
            if samples.count == expected || ContinuousClock.now > deadline { break }
        }
        readers.cancel()
        try? await client.shutdown()
        guard samples.count == expected else { throw BenchError("received \(samples.count) of \(expected) events") }
        return Stats(samples)
    }

    private func subscribe(
        _ client: HTTPClient, ready: AsyncStream<Void>.Continuation, latencies: AsyncStream<Double>.Continuation,
        probes: Int
    ) async throws {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/events")
        request.headers.add(name: "x-api-key", value: key)
        let response = try await client.execute(request, timeout: .seconds(600))
        var text = ""
        var seen = 0
        for try await chunk in response.body {
            text += String(buffer: chunk)
            while let end = text.range(of: "\n\n") {
                let frame = text[..<end.lowerBound]
                text = String(text[end.upperBound...])
                guard let dataLine = frame.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }),
                    let object = try? JSONSerialization.jsonObject(with: Data(dataLine.dropFirst(6).utf8)) as? [String: Any]
                else { continue }
                if object["type"] as? String == "connected" { ready.yield() }
                guard object["type"] as? String == "task.created",
                    let title = (object["data"] as? [String: Any])?["title"] as? String, title.hasPrefix("sse-probe"),
                    let timestamp = object["timestamp"] as? Double
                else { continue }
                latencies.yield(Date().timeIntervalSince1970 * 1000 - timestamp)
                seen += 1
                if seen == probes { return }
            }
        }
    }
}
