import Foundation
import MCShared
import Testing

@testable import MCSupervisor

/// The tree `mcsup run` builds from the environment: children, order, tuning and its limits.
struct ProcessTreeTests {
    /// A directory with executable stand-ins for mc-api and mc-worker.
    static let binaries: String = {
        let directory = NSTemporaryDirectory() + "mcsup-bin-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["mc-api", "mc-worker"] {
            _ = FileManager.default.createFile(
                atPath: directory + "/" + name, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        }
        return directory
    }()

    static func tree(_ environment: [String: String]) throws(ConfigurationError) -> ProcessTree {
        var values = environment
        values["MC_DATA_DIR"] = values["MC_DATA_DIR"] ?? "/tmp/mcsup-tree-test"
        let configuration = try MissionControlConfiguration(environment: values)
        return try ProcessTree(configuration: configuration, binaryDirectory: binaries, environment: values)
    }

    @Test func defaultTreeIsTheAPIThenFourPermanentWorkers() throws {
        let tree = try Self.tree([:])
        #expect(tree.specs.map(\.id) == ["api", "gateway", "webhooks", "sessions", "scheduler"])
        #expect(tree.specs.allSatisfy { $0.restart == .permanent })
        #expect(tree.specs[0].executable == Self.binaries + "/mc-api")
        #expect(tree.specs[1].arguments == ["gateway"])
        #expect(tree.policy == SupervisorPolicy())
        #expect(tree.specs.allSatisfy { $0.hangTimeout == .seconds(10) && $0.startTimeout == .seconds(10) })
    }

    @Test func childrenGetTheirIdentityButNotSystemdVariables() throws {
        let tree = try Self.tree(["NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "30000000", "KEEP": "1"])
        let environment = tree.specs[2].environment
        #expect(environment["MC_CHILD_ID"] == "webhooks")
        #expect(environment["MC_SUPERVISOR_PID"] == String(getpid()))
        #expect(environment["MC_DATA_DIR"] == "/tmp/mcsup-tree-test")
        #expect(environment["MC_RUNTIME_DIR"] == "/tmp/mcsup-tree-test/run")
        #expect(environment["NOTIFY_SOCKET"] == nil)
        #expect(environment["WATCHDOG_USEC"] == nil)
        #expect(environment["KEEP"] == "1")
    }

    @Test func tuningIsRead() throws {
        let tree = try Self.tree([
            "MC_SUP_MAX_RESTARTS": "7", "MC_SUP_RESTART_WINDOW": "45", "MC_SUP_HANG_TIMEOUT": "1.5",
            "MC_SUP_START_TIMEOUT": "2", "MC_SUP_SHUTDOWN_TIMEOUT": "0.25", "MC_SUP_STABLE_AFTER": "90",
        ])
        #expect(tree.policy.maxRestarts == 7)
        #expect(tree.policy.window == .seconds(45))
        #expect(tree.policy.stableAfter == .seconds(90))
        #expect(tree.specs[0].hangTimeout == .milliseconds(1500))
        #expect(tree.specs[0].startTimeout == .seconds(2))
        #expect(tree.specs[0].shutdownTimeout == .milliseconds(250))
    }

    @Test(arguments: [
        ("MC_SUP_MAX_RESTARTS", "1", true), ("MC_SUP_MAX_RESTARTS", "1000", true),
        ("MC_SUP_MAX_RESTARTS", "0", false), ("MC_SUP_MAX_RESTARTS", "1001", false),
        ("MC_SUP_RESTART_WINDOW", "1", true), ("MC_SUP_RESTART_WINDOW", "3600", true),
        ("MC_SUP_RESTART_WINDOW", "0.9", false), ("MC_SUP_RESTART_WINDOW", "3601", false),
        ("MC_SUP_HANG_TIMEOUT", "0.5", true), ("MC_SUP_HANG_TIMEOUT", "0.4", false),
        ("MC_SUP_START_TIMEOUT", "3600", true), ("MC_SUP_START_TIMEOUT", "3600.5", false),
        ("MC_SUP_SHUTDOWN_TIMEOUT", "0.1", true), ("MC_SUP_SHUTDOWN_TIMEOUT", "0.05", false),
        ("MC_SUP_STABLE_AFTER", "0.1", true), ("MC_SUP_STABLE_AFTER", "86401", false),
        ("MC_SUP_HANG_TIMEOUT", "soon", false),
    ])
    func limits(variable: String, value: String, accepted: Bool) {
        do {
            _ = try Self.tree([variable: value])
            #expect(accepted, "\(variable)=\(value) should be refused")
        } catch {
            #expect(!accepted, "\(variable)=\(value) should be accepted: \(error)")
            #expect(error.variable == variable)
            #expect(error.description.contains("got '\(value)'"))
        }
    }

    @Test func missingBinariesAreAConfigurationError() throws {
        let configuration = try MissionControlConfiguration(environment: ["MC_DATA_DIR": "/tmp/x"])
        #expect {
            _ = try ProcessTree(configuration: configuration, binaryDirectory: "/nonexistent", environment: [:])
        } throws: { error in
            "\(error)" == "invalid configuration: /nonexistent/mc-api not found or not executable; mcsup starts the binaries that sit beside it"
        }
    }
}
