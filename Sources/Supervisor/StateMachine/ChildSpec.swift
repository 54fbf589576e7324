/// How to run and judge one supervised process.
struct ChildSpec: Sendable, Equatable {
    /// Unique name within the supervisor (`mc-api`, `gateway`, ...), used by `mcsup` commands.
    var id: String
    /// Path of the program to execute.
    var executable: String
    /// Arguments after the program name.
    var arguments: [String]
    /// The complete environment of the child.
    var environment: [String: String]
    /// What happens when the child exits on its own.
    var restart: RestartPolicy
    /// How long a graceful stop (IPC `shutdown` + SIGTERM) may take before SIGKILL.
    var shutdownTimeout: Duration
    /// How long after it is spawned the child has to report `ready` before it is killed.
    var startTimeout: Duration
    /// How long a ready child may go without a heartbeat before it is killed as hung.
    var hangTimeout: Duration

    init(
        id: String,
        executable: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        restart: RestartPolicy = .permanent,
        shutdownTimeout: Duration = .seconds(5),
        startTimeout: Duration = .seconds(10),
        hangTimeout: Duration = .seconds(10)
    ) {
        self.id = id
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.restart = restart
        self.shutdownTimeout = shutdownTimeout
        self.startTimeout = startTimeout
        self.hangTimeout = hangTimeout
    }
}
