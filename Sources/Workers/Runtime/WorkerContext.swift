import Logging
import MCIPC
import MCShared

/// What a job gets from the runtime: its configuration, a logger and the bus to `mc-api`.
struct WorkerContext: Sendable {
    /// The process configuration.
    let configuration: MissionControlConfiguration
    /// The job's logger (`mc.child` metadata set).
    let logger: Logger
    /// The connection to `mc-api`, reconnected automatically.
    let bus: ReconnectingIPCClient
}
