import ArgumentParser
import Foundation
import Logging
import MCIPC
import MCShared

#if canImport(Glibc)
import Glibc
#endif

/// IPC request/response on one connection, pipelined: a server and a client in this process
/// over a real Unix socket, `depth` requests in flight at a time.
struct IPCBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipc", abstract: "IPC round trips per second and latency on one pipelined connection.")

    @Option(help: "Seconds to measure.") var seconds: Double = 5
    @Option(help: "Requests in flight at once.") var depth: Int = 32

    struct Echo: IPCMessageHandler {
        func handleRequest(_ request: IPCRequest, from connection: IPCConnection) async throws -> JSONValue {
            request.body
        }
    }

    func run() async throws {
        let directory = "/tmp/mcbench-ipc-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bench.sock"
        let logger = Logger(label: "bench")
        let server = try await IPCServer.bind(
            path: path, hello: IPCHello(role: "api", pid: getpid(), build: "bench"), handler: Echo(), logger: logger)
        let acceptLoop = Task { try await server.run() }
        let client = try await IPCClient.connect(path: path, hello: IPCHello(role: "worker", pid: getpid(), build: "bench"))
        let body: JSONValue = ["agent": "bench-agent", "n": 1, "ok": true]

        // Warm up, then measure.
        for _ in 0..<2000 { _ = try await client.request("bus.ping", body) }
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<depth {
                group.addTask {
                    var samples: [Double] = []
                    samples.reserveCapacity(200_000)
                    while ContinuousClock.now < deadline {
                        let begin = ContinuousClock.now
                        _ = try await client.request("bus.ping", body)
                        samples.append((ContinuousClock.now - begin).milliseconds)
                    }
                    return samples
                }
            }
            var all: [Double] = []
            for try await samples in group { all.append(contentsOf: samples) }
            return all
        }
        let elapsed = (ContinuousClock.now - started).milliseconds / 1000
        let stats = Stats(latencies)
        let rate = Double(latencies.count) / elapsed
        report("ipc.round_trips_per_second", rate, "req/s", target: ">= 50000", met: rate >= 50_000)
        report("ipc.latency_p50", stats.median, "ms", target: "-", met: true)
        report("ipc.latency_p99", stats.percentile(0.99), "ms", target: "<= 2", met: stats.percentile(0.99) <= 2)
        client.close()
        server.close()
        acceptLoop.cancel()
    }
}
