import Foundation
import MCShared

#if canImport(Glibc)
import Glibc
#endif

/// The standard Mission Control tree (DESIGN §1): `mc-api` first, then the four workers, all
/// permanent, with the supervisor's tuning from the environment.
struct ProcessTree {
    /// The children in start order.
    let specs: [ChildSpec]
    /// Restart intensity and backoff.
    let policy: SupervisorPolicy

    /// Worker subcommands of `mc-worker`, in start order.
    static let workers = ["gateway", "webhooks", "sessions", "scheduler"]

    /// Builds the tree from the configuration; binaries are looked up in `binaryDirectory`.
    init(configuration: MissionControlConfiguration, binaryDirectory: String, environment: [String: String])
        throws(ConfigurationError)
    {
        let env = configuration.environment
        let maxRestarts = try env.integer("MC_SUP_MAX_RESTARTS", default: 5, in: 1...1000)
        let window = try env.seconds("MC_SUP_RESTART_WINDOW", default: .seconds(30), in: 1...3600)
        let hang = try env.seconds("MC_SUP_HANG_TIMEOUT", default: .seconds(10), in: 0.5...3600)
        let start = try env.seconds("MC_SUP_START_TIMEOUT", default: .seconds(10), in: 0.5...3600)
        let shutdown = try env.seconds("MC_SUP_SHUTDOWN_TIMEOUT", default: .seconds(5), in: 0.1...600)
        let stable = try env.seconds("MC_SUP_STABLE_AFTER", default: .seconds(60), in: 0.1...86_400)
        self.policy = SupervisorPolicy(maxRestarts: maxRestarts, window: window, stableAfter: stable)

        let api = binaryDirectory + "/mc-api"
        let worker = binaryDirectory + "/mc-worker"
        for binary in [api, worker] where access(binary, X_OK) != 0 {
            throw ConfigurationError(
                nil, "\(binary) not found or not executable; mcsup starts the binaries that sit beside it")
        }
        var childEnvironment = environment
        // systemd's notify socket and watchdog belong to mcsup alone.
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID"] {
            childEnvironment[key] = nil
        }
        childEnvironment["MC_SUPERVISOR_PID"] = String(getpid())
        childEnvironment["MC_DATA_DIR"] = configuration.dataDirectory
        childEnvironment["MC_RUNTIME_DIR"] = configuration.runtimeDirectory

        func spec(_ id: String, _ executable: String, _ arguments: [String]) -> ChildSpec {
            var environment = childEnvironment
            environment["MC_CHILD_ID"] = id
            return ChildSpec(
                id: id, executable: executable, arguments: arguments, environment: environment, restart: .permanent,
                shutdownTimeout: shutdown, startTimeout: start, hangTimeout: hang)
        }
        self.specs = [spec("api", api, [])] + Self.workers.map { spec($0, worker, [$0]) }
    }

    /// The directory holding the running `mcsup` binary (symlinks resolved, so an installed
    /// `/usr/local/bin/mcsup` link finds its siblings in `/usr/local/lib/mission-control`).
    static func binaryDirectory() -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }
}
