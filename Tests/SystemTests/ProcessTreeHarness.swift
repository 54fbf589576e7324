import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// Starts the real `mcsup` tree on a temporary data directory and port, and talks to it as a
/// user would: HTTP, `mcsup status --json`, signals.
final class ProcessTreeHarness: @unchecked Sendable {
    let directory: String
    let port: Int
    let environment: [String: String]
    let process: Process
    let logPath: String

    /// Directory holding the built binaries (beside the test bundle).
    static let binaryDirectory: String = {
        if let override = ProcessInfo.processInfo.environment["MC_BIN_DIR"] { return override }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }()

    /// Starts `mcsup run` with `extraEnvironment`; does not wait for readiness.
    init(extraEnvironment: [String: String] = [:]) throws {
        let template = "/tmp/mcst-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let created = mkdtemp(&bytes) else { throw HarnessError("mkdtemp failed") }
        self.directory = String(cString: created)
        self.port = try Self.freePort()
        var environment = ProcessInfo.processInfo.environment
        let inherited = [
            "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "MC_RUNTIME_DIR", "MC_ENV_FILE", "CLAUDE_CONFIG_DIR",
        ]
        for key in inherited {
            environment[key] = nil
        }
        // The sessions worker scans only the tree's own transcripts, never the machine's.
        environment["MC_CLAUDE_HOME"] = directory + "/claude"
        environment["MC_DATA_DIR"] = directory + "/data"
        environment["MC_PORT"] = String(port)
        environment["MC_HOST"] = "127.0.0.1"
        environment["MC_ENV_FILE"] = directory + "/none.env"
        environment["API_KEY"] = Self.apiKey
        environment["AUTH_PASS"] = "system-test-password"
        environment.merge(extraEnvironment) { _, new in new }
        self.environment = environment
        self.logPath = directory + "/mcsup.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaryDirectory + "/mcsup")
        process.arguments = ["run"]
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// The global API key the tree is started with.
    static let apiKey = "system-test-key"

    /// The supervisor's pid.
    var supervisorPID: Int32 { process.processIdentifier }

    /// What the tree printed so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until `/api/status` answers 200 and every child runs.
    func waitUntilRunning(timeout: Duration = .seconds(20)) async throws {
        try await eventually(timeout: timeout, "tree running") {
            guard try await self.httpStatus("/api/status?action=health") == 200 else { return false }
            let status = try await self.status()
            return status.exitCode == 0
        }
    }

    /// Stops the tree if still running and removes the directory.
    func shutdown() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Talking to it

    /// Runs `mcsup ARGS` with the tree's environment.
    func cli(_ arguments: [String]) async throws -> CLIResult {
        try await Self.runCLI(arguments, environment: environment, directory: directory)
    }

    /// Runs `mcsup ARGS` with `environment`.
    static func runCLI(_ arguments: [String], environment: [String: String], directory: String) async throws
        -> CLIResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaryDirectory + "/mcsup")
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(
            exitCode: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `mcsup status --json`, parsed.
    func status() async throws -> TreeStatus {
        let result = try await cli(["status", "--json"])
        guard result.exitCode == 0 || result.exitCode == 1 else {
            return TreeStatus(exitCode: result.exitCode, children: [])
        }
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        let children = (object["children"] as? [[String: Any]] ?? []).map(TreeStatus.Child.init)
        return TreeStatus(exitCode: result.exitCode, children: children)
    }

    /// The HTTP status code of GET `path`, or 0 when the connection fails or no answer comes
    /// within `timeout` (generous: CI machines are busy, and slow is not unavailable).
    func httpStatus(_ path: String, timeout: Int64 = 10) async throws -> Int {
        (try? await get(path, timeout: timeout).status) ?? 0
    }

    /// GET `path` on the tree's API.
    func get(_ path: String, timeout: Int64 = 2) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "x-api-key", value: Self.apiKey)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw HarnessError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The result of one CLI run.
struct CLIResult: Sendable {
    var exitCode: Int32
    var stdout: String
    var stderr: String
}

/// `mcsup status --json` as the tests read it.
struct TreeStatus: Sendable {
    struct Child: Sendable {
        var id: String
        var state: String
        var pid: Int32?
        var restartsTotal: Int
        var lastExitReason: String?

        init(_ object: [String: Any]) {
            id = object["id"] as? String ?? ""
            state = object["state"] as? String ?? ""
            pid = (object["pid"] as? Int).map(Int32.init)
            restartsTotal = object["restartsTotal"] as? Int ?? -1
            lastExitReason = (object["lastExit"] as? [String: Any])?["reason"] as? String
        }
    }

    var exitCode: Int32
    var children: [Child]

    subscript(id: String) -> Child? { children.first { $0.id == id } }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it is true or `timeout` passes (then throws with `what`).
func eventually(
    timeout: Duration, interval: Duration = .milliseconds(50), _ what: String,
    _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if (try? await condition()) == true { return }
        try await Task.sleep(for: interval)
    }
    throw HarnessError("timed out waiting for: \(what)")
}

/// True when `pid` no longer exists (or is a zombie nobody has reaped yet).
func processIsGone(_ pid: Int32) -> Bool {
    if kill(pid, 0) != 0 { return errno == ESRCH }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return true }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state == "Z" || state == "X"
}
