import MCIPC
import MCShared

/// One worker's job, run by `WorkerRuntime`. The runtime owns the supervisor link, the bus
/// connection and shutdown; a job only says what it listens to and does its work.
protocol WorkerJob: Sendable {
    /// The child id and log label suffix: `gateway`, `webhooks`, `sessions`, `scheduler`.
    var name: String { get }
    /// Bus topics this job wants; resubscribed after every reconnection to `mc-api`.
    var topics: [String] { get }
    /// Checks this job's own settings; a `ConfigurationError` makes the worker exit 78.
    func validate(_ configuration: MissionControlConfiguration) throws(ConfigurationError)
    /// Does the work until the task is cancelled (graceful shutdown cancels it).
    func run(context: WorkerContext) async throws
    /// Receives a bus event on one of `topics`.
    func handleEvent(_ event: IPCEvent, context: WorkerContext) async
}
