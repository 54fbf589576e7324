import Logging
import MCIPC
import MCShared

/// `mc-worker scheduler`: the clock for backups, retention, liveness and cron jobs. On this
/// runtime today it only keeps its place in the tree; its jobs arrive in their own issues.
struct SchedulerJob: WorkerJob {
    let name = "scheduler"
    let topics: [String] = []

    func validate(_ configuration: MissionControlConfiguration) throws(ConfigurationError) {}

    func run(context: WorkerContext) async throws {
        try await waitUntilCancelled()
    }

    func handleEvent(_ event: IPCEvent, context: WorkerContext) async {}
}
