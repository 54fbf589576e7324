import ArgumentParser
import AsyncHTTPClient
import Foundation
import MCShared
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// The API under load (issue 3): wrk against the agent heartbeat and the task list beside a
/// trivial route of the same binary, event fan-out to 500 SSE subscribers, and mc-api's memory
/// with 100,000 tasks. Rate limits are switched off with MC_DISABLE_RATE_LIMIT=1, as documented.
struct APIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api", abstract: "Heartbeat and task-list throughput, SSE fan-out latency, RSS with 100k tasks.")

    @Option(help: "Directory holding mcsup, mc-api and mc-worker.") var binaries = ".build/release"
    @Option(help: "Seconds per wrk run.") var seconds = 10
    @Option(help: "SSE subscribers.") var subscribers = 500
    @Option(help: "Tasks in the database at the end.") var tasks = 100_000

    static let key = "bench-api-key"

    func run() async throws {
        let tree = try BenchTree(
            binaries: binaries,
            extraEnvironment: ["API_KEY": Self.key, "AUTH_PASS": "bench-admin-password", "MC_DISABLE_RATE_LIMIT": "1"])
        defer { tree.stop() }
        _ = try await tree.timeUntilAPIAnswers()
        try await tree.waitUntilAllRunning()
        let api = BenchAPI(port: tree.port, key: Self.key)

        try await api.post("/api/agents", ["name": "bench-agent", "role": "agent"])
        print("seeding 10,000 tasks ...")
        try await api.createTasks(count: 10_000, prefix: "seed")

        let wrk = WrkRunner(seconds: seconds, connections: 64, key: Self.key)
        let base = "http://127.0.0.1:\(tree.port)"
        let ping = try wrk.run(url: base + "/api/ping", script: "bench/wrk/get.lua")
        report("api.ping_baseline", ping.requestsPerSecond, "req/s", target: "-", met: true)
        report("api.ping_baseline_p99", ping.p99Milliseconds, "ms", target: "-", met: true)
        let heartbeat = try wrk.run(url: base + "/api/agents/bench-agent/heartbeat", script: "bench/wrk/heartbeat.lua")
        report("api.heartbeat_rate", heartbeat.requestsPerSecond, "req/s", target: ">= 10000", met: heartbeat.requestsPerSecond >= 10_000)
        report("api.heartbeat_p99", heartbeat.p99Milliseconds, "ms", target: "<= 25", met: heartbeat.p99Milliseconds <= 25)
        let list = try wrk.run(url: base + "/api/tasks?limit=50", script: "bench/wrk/get.lua")
        report("api.tasks_list_rate", list.requestsPerSecond, "req/s", target: ">= 8000", met: list.requestsPerSecond >= 8000)
        report("api.tasks_list_p99", list.p99Milliseconds, "ms", target: "<= 25", met: list.p99Milliseconds <= 25)

        let fanout = try await SSEFanout(port: tree.port, key: Self.key, subscribers: subscribers).measure(api: api, probes: 20)
        report("api.sse_fanout_\(subscribers)_p50", fanout.median, "ms", target: "-", met: true)
        report("api.sse_fanout_\(subscribers)_p99", fanout.percentile(0.99), "ms", target: "<= 100", met: fanout.percentile(0.99) <= 100)

        print("seeding up to \(tasks) tasks ...")
        try await api.createTasks(count: tasks - 10_000 - 20, prefix: "bulk")
        let status = try await tree.status()
        guard let apiPID = status.children.first(where: { $0.id == "api" })?.pid else { throw BenchError("no api pid") }
        let rss = ProcessMemory(pid: apiPID).rss
        report("api.rss_with_\(tasks)_tasks", Double(rss) / 1_000_000, "MB", target: "<= 80", met: rss <= 80_000_000)
        try await api.client.shutdown()
    }
}

/// JSON calls to the API with the benchmark key.
struct BenchAPI: Sendable {
    let port: Int
    let key: String
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    @discardableResult
    func post(_ path: String, _ body: [String: String]) async throws -> HTTPResponseStatus {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: key)
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code < 300 else { throw BenchError("POST \(path): \(response.status)") }
        return response.status
    }

    /// Creates tasks with 32 requests in flight.
    func createTasks(count: Int, prefix: String) async throws {
        guard count > 0 else { return }
        try await withThrowingTaskGroup(of: Void.self) { group in
            let lanes = 32
            for lane in 0..<lanes {
                group.addTask {
                    var index = lane
                    while index < count {
                        try await post("/api/tasks", ["title": "\(prefix) task \(index)", "description": String(repeating: "benchmark task body ", count: 8)])
                        index += lanes
                    }
                }
            }
            try await group.waitForAll()
        }
    }

}
