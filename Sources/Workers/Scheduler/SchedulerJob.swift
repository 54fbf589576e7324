import Logging
import MCIPC
import MCShared

/// `mc-worker scheduler`: the clock for background jobs. Today it runs the agent liveness
/// sweep every 15 s (`agents.liveness_sweep` on `mc-api`, which owns the database and the
/// offline timeout); backups, retention and cron jobs arrive in their own issues.
struct SchedulerJob: WorkerJob {
    let name = "scheduler"
    let topics: [String] = []
    /// How often agents that stopped sending heartbeats are marked offline.
    let livenessInterval: Duration = .seconds(15)

    func validate(_ configuration: MissionControlConfiguration) throws(ConfigurationError) {}

    func run(context: WorkerContext) async throws {
        while true {
            try await Task.sleep(for: livenessInterval)
            await sweepLiveness(context: context)
        }
    }

    func handleEvent(_ event: IPCEvent, context: WorkerContext) async {}

    /// One sweep. `unavailable` (mc-api restarting, or still starting) is expected and only
    /// logged at debug: the next tick tries again.
    func sweepLiveness(context: WorkerContext) async {
        do {
            let result = try await context.bus.request("agents.liveness_sweep")
            let offline = result["offline"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !offline.isEmpty {
                context.logger.info(
                    "agents marked offline", metadata: ["mc.agents": "\(offline.joined(separator: ","))"])
            }
        } catch where error.code == .unavailable {
            context.logger.debug("liveness sweep skipped: mc-api unavailable")
        } catch {
            context.logger.warning("liveness sweep failed", metadata: ["mc.error": "\(error)"])
        }
    }
}
