import ArgumentParser
import MCShared

/// `mcsup`: starts and watches the Mission Control process tree, and inspects a running one.
@main
struct MCSupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcsup",
        abstract: "Mission Control supervisor: runs mc-api and the workers, restarts them when they fail.",
        discussion: """
            Settings come from the environment and ./.env (MC_DATA_DIR, MC_PORT, ...); the control \
            socket is MC_RUNTIME_DIR/mcsup.sock (default MC_DATA_DIR/run).
            """,
        version: MissionControlVersion.current,
        subcommands: [Run.self, Status.self, Restart.self, Stop.self, Logs.self])
}
