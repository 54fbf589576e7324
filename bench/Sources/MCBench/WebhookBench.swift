import ArgumentParser
import AsyncHTTPClient
import Foundation
import MCShared
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// Webhook delivery under load (issue 5): tasks created through the API fan out to 5 local
/// receivers subscribed to `activity.task_created`; measured are deliveries/s, event commit →
/// received latency and the deliverer's RSS, then the same with a sixth receiver that never
/// answers, to see how much a dead endpoint slows the healthy ones.
struct WebhookBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Webhook deliveries/s, commit → received latency and deliverer RSS, with and without a dead receiver.")

    @Option(help: "Directory holding mcsup, mc-api and mc-worker.") var binaries = ".build/release"
    @Option(help: "Events (tasks created) per run.") var events = 10_000
    @Option(help: "Concurrent API clients creating tasks.") var clients = 16
    @Option(help: "Healthy receivers.") var receivers = 5

    static let key = "bench-webhook-key"

    func run() async throws {
        let healthy = try await measure(deadReceiver: false)
        let deliveries = events * receivers
        print("\(healthy.received)/\(deliveries) deliveries received")
        report("webhooks.deliveries_per_second", healthy.rate, "deliveries/s", target: ">= 1000", met: healthy.rate >= 1000)
        report("webhooks.commit_to_received_p50", healthy.latency.median, "ms", target: "-", met: true)
        report("webhooks.commit_to_received_p99", healthy.latency.percentile(0.99), "ms", target: "<= 200", met: healthy.latency.percentile(0.99) <= 200)
        report("webhooks.deliverer_rss_max", healthy.rssMegabytes, "MB", target: "<= 30", met: healthy.rssMegabytes <= 30)

        // Flushed now, so the first run's figures survive an interrupted second run.
        fflush(nil)
        let dead = try await measure(deadReceiver: true)
        print("\(dead.received)/\(deliveries) deliveries to the healthy receivers received")
        report("webhooks.with_dead_receiver_deliveries_per_second", dead.rate, "deliveries/s", target: ">= 1000", met: dead.rate >= 1000)
        report("webhooks.with_dead_receiver_commit_to_received_p50", dead.latency.median, "ms", target: "-", met: true)
        report("webhooks.with_dead_receiver_commit_to_received_p99", dead.latency.percentile(0.99), "ms", target: "<= 200", met: dead.latency.percentile(0.99) <= 200)
        report("webhooks.with_dead_receiver_deliverer_rss_max", dead.rssMegabytes, "MB", target: "<= 30", met: dead.rssMegabytes <= 30)
        // Slower means fewer deliveries per second; the p99 change is printed beside it.
        let slowdown = (healthy.rate - dead.rate) / healthy.rate * 100
        report("webhooks.dead_receiver_slowdown_percent", slowdown, "%", target: "<= 10", met: slowdown <= 10)
        let p99Change = (dead.latency.percentile(0.99) - healthy.latency.percentile(0.99)) / healthy.latency.percentile(0.99) * 100
        report("webhooks.dead_receiver_p99_change_percent", p99Change, "%", target: "<= 10", met: p99Change <= 10)
    }

    /// The figures of one run, for the healthy receivers only.
    struct RunFigures {
        var received: Int
        var rate: Double
        var latency: Stats
        var rssMegabytes: Double
    }

    /// One run on a fresh tree: receivers, webhooks, `events` tasks, then waits for the deliveries.
    func measure(deadReceiver: Bool) async throws -> RunFigures {
        let tree = try BenchTree(
            binaries: binaries,
            extraEnvironment: ["API_KEY": Self.key, "MC_WEBHOOK_ALLOW_PRIVATE": "1", "MC_DISABLE_RATE_LIMIT": "1"])
        defer { tree.stop() }
        _ = try await tree.timeUntilAPIAnswers()
        try await tree.waitUntilAllRunning()
        let api = BenchAPI(port: tree.port, key: Self.key)

        var healthy: [WebhookReceiver] = []
        for index in 0..<receivers {
            let receiver = try await WebhookReceiver.start(healthy: true)
            healthy.append(receiver)
            try await api.postJSON("/api/webhooks", ["name": "bench-\(index)", "url": receiver.url, "events": ["activity.task_created"]])
        }
        var all = healthy
        if deadReceiver {
            let dead = try await WebhookReceiver.start(healthy: false)
            all.append(dead)
            try await api.postJSON("/api/webhooks", ["name": "bench-dead", "url": dead.url, "events": ["activity.task_created"]])
        }

        guard let delivererPID = try await tree.status().children.first(where: { $0.id == "webhooks" })?.pid else {
            throw BenchError("no webhooks pid")
        }
        let sampler = Task {
            var maximum: Int64 = 0
            while !Task.isCancelled {
                maximum = max(maximum, Self.vmRSS(pid: delivererPID))
                try? await Task.sleep(for: .milliseconds(50))
            }
            return maximum
        }

        print(deadReceiver ? "creating \(events) tasks (6th receiver dead) ..." : "creating \(events) tasks ...")
        let commits = try await api.createTasksTimed(count: events, lanes: clients)
        let expected = events * receivers
        try await waitForDeliveries(healthy, expected: expected)
        sampler.cancel()
        let rss = await sampler.value
        for receiver in all { await receiver.stop() }
        try await api.client.shutdown()
        return figures(healthy, commits: commits, rss: rss)
    }

    /// Waits until every healthy receiver has had every event, or nothing arrived for 30 s.
    func waitForDeliveries(_ healthy: [WebhookReceiver], expected: Int) async throws {
        var last = 0
        var lastProgress = ContinuousClock.now
        while true {
            let total = healthy.map(\.log.count).reduce(0, +)
            if total >= expected { return }
            if total != last {
                last = total
                lastProgress = .now
            } else if ContinuousClock.now - lastProgress > .seconds(30) {
                print("stopped waiting: \(total)/\(expected) received, none in the last 30 s")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Rate from the first to the last receipt, and per delivery receipt − POST response time.
    func figures(_ healthy: [WebhookReceiver], commits: [String: ContinuousClock.Instant], rss: Int64) -> RunFigures {
        let receipts = healthy.flatMap(\.log.all)
        let times = receipts.map(\.received)
        var rate = 0.0
        if let first = times.min(), let last = times.max(), last > first {
            rate = Double(receipts.count) / ((last - first).milliseconds / 1000)
        }
        // A delivery can land before its POST's response reaches the client; those count as 0 ms.
        let latencies = receipts.compactMap { receipt -> Double? in
            guard let id = receipt.eventID, let committed = commits[id] else { return nil }
            return max(0, (receipt.received - committed).milliseconds)
        }
        if latencies.count != receipts.count {
            print("\(receipts.count - latencies.count) receipts matched no created task")
        }
        return RunFigures(received: receipts.count, rate: rate, latency: Stats(latencies), rssMegabytes: Double(rss) / 1_000_000)
    }

    /// `VmRSS` of a process from /proc/<pid>/status, in bytes (0 when it cannot be read).
    static func vmRSS(pid: Int32) -> Int64 {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Int64(fields[1]) { return kib * 1024 }
        }
        return 0
    }
}

extension BenchAPI {
    /// Posts any JSON body and returns the decoded response object.
    @discardableResult
    func postJSON(_ path: String, _ body: [String: any Sendable]) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "x-api-key", value: key)
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code < 300 else {
            throw BenchError("POST \(path): \(response.status) \(String(buffer: bytes))")
        }
        return (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// Creates tasks with `lanes` requests in flight; returns each task's id with the time its
    /// POST answered (the commit time as the client sees it, on the receivers' clock).
    func createTasksTimed(count: Int, lanes: Int) async throws -> [String: ContinuousClock.Instant] {
        try await withThrowingTaskGroup(of: [String: ContinuousClock.Instant].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var commits: [String: ContinuousClock.Instant] = [:]
                    var index = lane
                    while index < count {
                        let response = try await postJSON("/api/tasks", ["title": "webhook bench task \(index)"])
                        let answered = ContinuousClock.now
                        let task = response["task"] as? [String: Any] ?? response
                        guard let id = BenchJSON.idString(task["id"]) else { throw BenchError("POST /api/tasks: no task id in the response") }
                        commits[id] = answered
                        index += lanes
                    }
                    return commits
                }
            }
            var all: [String: ContinuousClock.Instant] = [:]
            for try await commits in group { all.merge(commits) { first, _ in first } }
            return all
        }
    }
}
