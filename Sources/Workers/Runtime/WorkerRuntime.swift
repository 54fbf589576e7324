import Foundation
import Logging
import MCIPC
import MCShared
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// The machinery every worker shares: configuration, logging, the supervisor link (hello,
/// ready, heartbeat, shutdown) and the bus connection to `mc-api` with reconnect and
/// resubscribe. A worker is ready once its configuration is valid and the supervisor link is
/// up; it does not wait for `mc-api`, so an API restart never blocks or restarts workers.
enum WorkerRuntime {
    /// Runs `job` until SIGTERM/SIGINT or the supervisor's shutdown request; exits 78 on an
    /// invalid configuration.
    static func run(_ job: some WorkerJob) async {
        let environment = ProcessInfo.processInfo.environment
        SupervisorLink.bindLifetimeToSupervisor(environment: environment)
        let configuration: MissionControlConfiguration
        do {
            configuration = try MissionControlConfiguration.load(processEnvironment: environment)
            try job.validate(configuration)
        } catch {
            FileHandle.standardError.write(Data("mc-worker \(job.name): \(error)\n".utf8))
            exit(ExitCode.configuration)
        }
        LoggingSetup.bootstrap(label: "mc-worker", level: configuration.logLevel)
        var logger = Logger(label: "mc-worker.\(job.name)")
        logger[metadataKey: "mc.child"] = "\(job.name)"
        do {
            try await runServices(job, configuration: configuration, logger: logger)
        } catch {
            logger.critical("worker stopped", metadata: ["mc.error": "\(error)"])
            exit(ExitCode.failure)
        }
    }

    private static func runServices(_ job: some WorkerJob, configuration: MissionControlConfiguration, logger: Logger)
        async throws
    {
        let hello = IPCHello(role: "worker", name: job.name, pid: getpid(), build: MissionControlVersion.current)
        let contextBox = WorkerContextBox()
        let bus = ReconnectingIPCClient(
            path: configuration.apiSocketPath, hello: hello,
            options: IPCOptions(maximumFrameSize: configuration.maxFrameSize),
            handler: JobEventForwarder(job: job, contextBox: contextBox), logger: logger)
        try await bus.subscribe(job.topics)
        let context = WorkerContext(configuration: configuration, logger: logger, bus: bus)
        contextBox.set(context)

        let link = try await SupervisorLink.connectIfSupervised(configuration: configuration, logger: logger) {
            kill(getpid(), SIGTERM)
        }
        var services: [any Service] = [BusClientService(client: bus), JobService(job: job, context: context)]
        if let link { services.append(SupervisorHeartbeatService(link: link)) }
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await link?.reportReady()
        logger.info("ready")
        try await group.run()
        link?.close()
        logger.info("stopped")
    }
}
