import CLinux
import Logging
import MCShared
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// A child process's connection to `mcsup`: hello with its child id, `child.ready` once it
/// can serve, a heartbeat every second, and the supervisor's `child.shutdown` request.
///
/// Outside the supervisor (no `MC_CHILD_ID` in the environment) there is no link and the
/// process runs on its own.
public final class SupervisorLink: Sendable {
    /// The child id the supervisor gave this process.
    public let childID: String
    private let connection: IPCConnection

    /// How often a child proves it is alive.
    public static let heartbeatInterval: Duration = .seconds(1)

    private init(childID: String, connection: IPCConnection) {
        self.childID = childID
        self.connection = connection
    }

    /// Makes the kernel send SIGTERM to this process when the supervisor dies, so no child
    /// outlives a killed `mcsup`. Exits at once if the supervisor is already gone.
    public static func bindLifetimeToSupervisor(environment: [String: String]) {
        guard let raw = environment["MC_SUPERVISOR_PID"], let parent = Int32(raw) else { return }
        if mc_set_parent_death_signal(SIGTERM, parent) == 1 { exit(ExitCode.failure) }
    }

    /// Connects to the supervisor when running under it; `onShutdown` runs when the supervisor
    /// asks this child to stop or the link breaks.
    public static func connectIfSupervised(
        configuration: MissionControlConfiguration, logger: Logger, onShutdown: @escaping @Sendable () -> Void
    ) async throws(IPCError) -> SupervisorLink? {
        guard let childID = configuration.environment.string("MC_CHILD_ID") else { return nil }
        let hello = IPCHello(role: "child", name: childID, pid: getpid(), build: MissionControlVersion.current)
        let connection = try await IPCClient.connect(
            path: configuration.supervisorSocketPath, hello: hello,
            handler: ShutdownListener(onShutdown: onShutdown, logger: logger))
        return SupervisorLink(childID: childID, connection: connection)
    }

    /// Tells the supervisor this child is ready to serve.
    public func reportReady() async throws(IPCError) {
        _ = try await connection.request("child.ready", ["id": .string(childID)])
    }

    /// Sends heartbeats until the task is cancelled or the link closes.
    public func runHeartbeats() async {
        while !Task.isCancelled, !connection.isClosed {
            connection.send(event: "child.heartbeat")
            try? await Task.sleep(for: Self.heartbeatInterval)
        }
    }

    /// Closes the link.
    public func close() {
        connection.close()
    }
}

/// Turns the supervisor's shutdown request, or a lost link, into the child's shutdown.
private struct ShutdownListener: IPCMessageHandler {
    let onShutdown: @Sendable () -> Void
    let logger: Logger
    /// Set once the supervisor asked us to stop, so the link closing afterwards is expected.
    private let requested = NIOLockedValueBox(false)

    init(onShutdown: @escaping @Sendable () -> Void, logger: Logger) {
        self.onShutdown = onShutdown
        self.logger = logger
    }

    func handleRequest(_ request: IPCRequest, from connection: IPCConnection) async throws -> JSONValue {
        guard request.method == "child.shutdown" else { throw IPCError(.unknownMethod, "no method '\(request.method)'") }
        requested.withLockedValue { $0 = true }
        logger.info("shutdown requested by supervisor")
        onShutdown()
        return .emptyObject
    }

    func handleEvent(_ event: IPCEvent, from connection: IPCConnection) async {
        if event.topic == "child.shutdown" {
            requested.withLockedValue { $0 = true }
            logger.info("shutdown requested by supervisor")
            onShutdown()
        }
    }

    func connectionClosed(_ connection: IPCConnection, error: IPCError?) async {
        if requested.withLockedValue({ $0 }) { return }
        logger.warning("supervisor link closed; shutting down", metadata: ["mc.error": "\(error.map { "\($0)" } ?? "none")"])
        onShutdown()
    }
}
