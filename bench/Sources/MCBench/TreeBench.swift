import ArgumentParser
import AsyncHTTPClient
import Foundation
import MCIPC
import MCShared
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// The running tree from outside: start time, idle memory, restart time after `kill -9`.
struct TreeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree", abstract: "Start-up time, idle RSS and worker restart time of the real process tree.")

    @Option(help: "Directory holding mcsup, mc-api and mc-worker.") var binaries = ".build/release"
    @Option(help: "How many cold starts to time.") var starts = 5
    @Option(help: "How many worker kills to time.") var kills = 20

    func run() async throws {
        var startTimes: [Double] = []
        for _ in 0..<starts {
            let tree = try BenchTree(binaries: binaries)
            startTimes.append(try await tree.timeUntilAPIAnswers())
            try await tree.waitUntilAllRunning()
            tree.stop()
        }
        let start = Stats(startTimes)
        report("tree.start_to_health_200_median", start.median, "ms", target: "<= 1000", met: start.median <= 1000)
        report("tree.start_to_health_200_max", start.percentile(1), "ms", target: "-", met: true)

        let tree = try BenchTree(binaries: binaries)
        defer { tree.stop() }
        _ = try await tree.timeUntilAPIAnswers()
        try await tree.waitUntilAllRunning()
        try await Task.sleep(for: .seconds(3))
        let status = try await tree.status()
        // RSS counts every shared library page once per process that maps it, so a sum of RSS
        // counts libswiftCore, Foundation and the rest six times. PSS divides each shared page
        // among the processes sharing it: its sum is the memory the tree really occupies.
        let pids = [tree.process.processIdentifier] + status.children.compactMap(\.pid)
        let names = ["mcsup"] + status.children.map(\.id)
        let memory = pids.map(ProcessMemory.init(pid:))
        let pss = memory.map(\.pss).reduce(0, +)
        let rss = memory.map(\.rss).reduce(0, +)
        let anonymous = memory.map(\.anonymous).reduce(0, +)
        report("tree.idle_pss_total", Double(pss) / 1_000_000, "MB", target: "<= 80 MB", met: pss <= 80_000_000)
        report("tree.idle_rss_sum (shared pages counted per process)", Double(rss) / 1_000_000, "MB", target: "-", met: true)
        report("tree.idle_anonymous_total", Double(anonymous) / 1_000_000, "MB", target: "-", met: true)
        for (name, process) in zip(names, memory) {
            print(String(format: "  %@: pss %.1f MB, rss %.1f MB, anonymous %.1f MB", name, Double(process.pss) / 1e6, Double(process.rss) / 1e6, Double(process.anonymous) / 1e6))
        }

        var restartTimes: [Double] = []
        let workers = ["gateway", "webhooks", "sessions", "scheduler"]
        for index in 0..<kills {
            let worker = workers[index % workers.count]
            let before = try await tree.status().children.first { $0.id == worker }
            guard let pid = before?.pid else { throw BenchError("\(worker) has no pid") }
            let killed = ContinuousClock.now
            kill(pid, SIGKILL)
            while true {
                let child = try await tree.status().children.first { $0.id == worker }
                if child?.state == "running", let newPID = child?.pid, newPID != pid { break }
                try await Task.sleep(for: .milliseconds(1))
            }
            restartTimes.append((ContinuousClock.now - killed).milliseconds)
            // Let the next worker in turn run past MC_SUP_STABLE_AFTER (0.5 s here), so every kill
            // is a first failure restarted at once: this measures the restart itself, not the
            // crash-loop backoff (which the state machine tests cover).
            try await Task.sleep(for: .milliseconds(200))
        }
        let restart = Stats(restartTimes)
        report("tree.worker_kill_to_ready_p50", restart.median, "ms", target: "<= 150", met: restart.median <= 150)
        report("tree.worker_kill_to_ready_p90", restart.percentile(0.9), "ms", target: "-", met: true)
    }
}

/// One tree started for measuring, on a fresh data directory and port.
final class BenchTree: @unchecked Sendable {
    let directory: String
    let port: Int
    let process: Process
    let socketPath: String

    init(binaries: String, extraEnvironment: [String: String] = [:]) throws {
        directory = "/tmp/mcbench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = Int.random(in: 20_000...40_000)
        socketPath = directory + "/data/run/mcsup.sock"
        var environment = ProcessInfo.processInfo.environment
        environment["MC_DATA_DIR"] = directory + "/data"
        environment["MC_PORT"] = String(port)
        environment["MC_LOG_LEVEL"] = "warning"
        environment["MC_SUP_MAX_RESTARTS"] = "100"
        environment["MC_SUP_STABLE_AFTER"] = "0.5"
        environment["MC_ENV_FILE"] = directory + "/none.env"
        environment["NOTIFY_SOCKET"] = nil
        environment["AUTH_PASS"] = "bench-admin-password"
        environment.merge(extraEnvironment) { _, new in new }
        process = Process()
        process.executableURL = URL(fileURLWithPath: binaries + "/mcsup")
        process.arguments = ["run"]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Milliseconds from now (just after spawning mcsup) until `/api/status` answers 200.
    func timeUntilAPIAnswers() async throws -> Double {
        let started = ContinuousClock.now
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/status?action=health")
        while ContinuousClock.now - started < .seconds(30) {
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(1)),
                response.status == .ok
            {
                return (ContinuousClock.now - started).milliseconds
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw BenchError("the API did not answer within 30 s")
    }

    func waitUntilAllRunning() async throws {
        while try await !status().children.allSatisfy({ $0.state == "running" }) {
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func status() async throws -> BenchStatus {
        let connection = try await IPCClient.connect(
            path: socketPath, hello: IPCHello(role: "cli", pid: getpid(), build: "bench"))
        defer { connection.close() }
        return try await connection.request("sup.status").decode(as: BenchStatus.self)
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// The parts of `mcsup status --json` the benchmark reads.
struct BenchStatus: Decodable {
    struct Supervisor: Decodable { var rssBytes: Int64? }
    struct Child: Decodable {
        var id: String
        var state: String
        var pid: Int32?
        var rssBytes: Int64?
    }
    var supervisor: Supervisor
    var children: [Child]
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Memory of one process from /proc: RSS, PSS and anonymous RSS, in bytes.
struct ProcessMemory {
    var rss: Int64 = 0
    var pss: Int64 = 0
    var anonymous: Int64 = 0

    init(pid: Int32) {
        guard let rollup = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8) else { return }
        for line in rollup.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == ":" })
            guard fields.count >= 2, let kib = Int64(fields[1]) else { continue }
            switch fields[0] {
            case "Rss": rss = kib * 1024
            case "Pss": pss = kib * 1024
            case "Anonymous": anonymous = kib * 1024
            default: break
            }
        }
    }
}
