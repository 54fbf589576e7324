import Logging
import MCIPC
import MCShared
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Keeps the bus connection to `mc-api` up until graceful shutdown.
struct BusClientService: Service {
    let client: ReconnectingIPCClient

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await client.run()
        }
    }
}

/// Runs a job until graceful shutdown; a job that returns early is not an error.
struct JobService<Job: WorkerJob>: Service {
    let job: Job
    let context: WorkerContext

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await job.run(context: context)
            }
        } catch is CancellationError {
            // Graceful shutdown cancels the job: a normal stop.
        }
    }
}

/// Holds the context for the event forwarder, which exists before the context does.
final class WorkerContextBox: Sendable {
    private let value = NIOLockedValueBox<WorkerContext?>(nil)
    func set(_ context: WorkerContext) { value.withLockedValue { $0 = context } }
    var context: WorkerContext? { value.withLockedValue { $0 } }
}

/// Passes bus events to the job.
struct JobEventForwarder<Job: WorkerJob>: IPCMessageHandler {
    let job: Job
    let contextBox: WorkerContextBox

    func handleEvent(_ event: IPCEvent, from connection: IPCConnection) async {
        guard let context = contextBox.context else { return }
        await job.handleEvent(event, context: context)
    }
}
