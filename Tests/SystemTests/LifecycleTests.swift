import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Starting, stopping and inspecting the tree as an operator or systemd would.
@Suite(.serialized)
struct LifecycleTests {
    @Test func sigtermStopsEveryProcessAndExitsZero() async throws {
        let tree = try ProcessTreeHarness()
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        let pids = try await tree.status().children.compactMap(\.pid)
        #expect(pids.count == 5)
        kill(tree.supervisorPID, SIGTERM)
        try await eventually(timeout: .seconds(10), "supervisor exited") { !tree.process.isRunning }
        #expect(tree.process.terminationStatus == 0)
        #expect(pids.allSatisfy(processIsGone))
        #expect(!FileManager.default.fileExists(atPath: tree.directory + "/data/run/mcsup.sock"))
        let log = tree.log
        // Reverse start order: the scheduler stops first, the API last.
        let schedulerStop = try #require(log.range(of: "mc.child=scheduler mc.exit=code 0"))
        let apiStop = try #require(log.range(of: "mc.child=api mc.exit=code 0"))
        #expect(schedulerStop.lowerBound < apiStop.lowerBound)
    }

    @Test func killedSupervisorLeavesNoChildBehind() async throws {
        let tree = try ProcessTreeHarness()
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        let pids = try await tree.status().children.compactMap(\.pid)
        kill(tree.supervisorPID, SIGKILL)
        try await eventually(timeout: .seconds(3), "every child gone") { pids.allSatisfy(processIsGone) }
    }

    @Test func statusExitCodes() async throws {
        // 3: nothing running, with a hint how to start it.
        let directory = NSTemporaryDirectory() + "mcst-none-\(getpid())"
        var environment = ProcessInfo.processInfo.environment
        environment["MC_DATA_DIR"] = directory
        environment["MC_RUNTIME_DIR"] = nil
        let none = try await ProcessTreeHarness.runCLI(["status"], environment: environment, directory: "/tmp")
        #expect(none.exitCode == 3)
        #expect(none.stderr.contains("not running"))
        #expect(none.stderr.contains("make run"))

        // 0: all running.
        let tree = try ProcessTreeHarness()
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        #expect(try await tree.cli(["status"]).exitCode == 0)
        // 1: a child is not running (here: fatal on a bad setting).
        let fatal = try ProcessTreeHarness(extraEnvironment: ["OPENCLAW_GATEWAY_PORT": "0"])
        defer { fatal.shutdown() }
        try await eventually(timeout: .seconds(15), "gateway fatal") {
            try await fatal.status()["gateway"]?.state == "fatal"
        }
        #expect(try await fatal.cli(["status"]).exitCode == 1)
    }

    @Test func invalidConfigurationExits78WithOneLine() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["MC_PORT"] = "99999"
        environment["MC_DATA_DIR"] = "/tmp/mcst-bad-\(getpid())"
        let result = try await ProcessTreeHarness.runCLI(["run"], environment: environment, directory: "/tmp")
        #expect(result.exitCode == 78)
        #expect(result.stderr == "mcsup: invalid configuration: MC_PORT: expected a whole number from 1 to 65535, got '99999'\n")
    }

    @Test func notifiesSystemd() async throws {
        let socketPath = "/tmp/mcst-notify-\(getpid()).sock"
        let receiver = try DatagramReceiver(path: socketPath)
        defer { receiver.close() }
        let tree = try ProcessTreeHarness(extraEnvironment: ["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "400000"])
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        try await eventually(timeout: .seconds(5), "READY, STATUS and WATCHDOG") {
            let messages = receiver.messages
            return messages.contains("READY=1") && messages.contains { $0.hasPrefix("STATUS=") }
                && messages.filter { $0 == "WATCHDOG=1" }.count >= 2
        }
        #expect(receiver.messages.contains("STATUS=5/5 running"))
        kill(tree.supervisorPID, SIGTERM)
        try await eventually(timeout: .seconds(10), "STOPPING") { receiver.messages.contains("STOPPING=1") }
    }
}

/// A Unix datagram socket standing in for systemd's notify socket.
final class DatagramReceiver: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let lock = NSLock()
    private var received: [String] = []
    private var thread: Thread?

    init(path: String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(self.fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw HarnessError("cannot bind \(path)") }
        let socketFD = self.fd
        thread = Thread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(socketFD, &buffer, buffer.count, 0)
                if count <= 0 { return }
                guard let self else { return }
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                self.lock.lock()
                self.received.append(contentsOf: text.split(separator: "\n").map(String.init))
                self.lock.unlock()
            }
        }
        thread?.start()
    }

    var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
        unlink(path)
    }
}
