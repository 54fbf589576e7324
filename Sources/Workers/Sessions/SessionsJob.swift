import Logging
import MCIPC
import MCShared

/// `mc-worker sessions`: the Claude Code transcript scanner. It fetches the stored offsets
/// from `mc-api`, walks the roots, and then follows inotify, `sessions.scan` and a periodic
/// safety rescan, sending new usage to `mc-api`'s ledger (`sessions.ingest`).
struct SessionsJob: WorkerJob {
    let name = "sessions"
    let topics = ["sessions.scan"]
    /// Shared by the bus event handler, the reconnection callback, inotify and the scan loop.
    let signal = ScanSignal()

    func validate(_ configuration: MissionControlConfiguration) throws(ConfigurationError) {
        _ = try ScannerConfiguration(environment: configuration.environment)
    }

    func run(context: WorkerContext) async throws {
        let configuration = try ScannerConfiguration(environment: context.configuration.environment)
        let logger = context.logger
        let scanner = SessionScanner(
            configuration: configuration, sink: BusIngestSink(bus: context.bus, logger: logger), logger: logger)
        let signal = self.signal
        // mc-api may have restarted: its stored offsets are the truth again.
        await context.bus.onConnected { _ in signal.requestRestore() }
        let watcher: InotifyWatcher?
        do {
            watcher = try InotifyWatcher(roots: configuration.roots, logger: logger) { signal.receive($0) }
            watcher?.start()
        } catch {
            watcher = nil
            logger.warning(
                "inotify unavailable; relying on the periodic rescan", metadata: ["mc.error": "\(error)"])
        }
        defer { watcher?.stop() }
        logger.info(
            "transcript scanner started",
            metadata: [
                "mc.scan.roots": "\(configuration.roots.joined(separator: ","))",
                "mc.scan.interval_ms": "\(configuration.rescanInterval.wholeMilliseconds)",
                "mc.scan.watches": "\(watcher?.watchCount ?? 0)",
            ])
        signal.requestRestore()
        try await ScanLoop(
            scanner: scanner, signal: signal, configuration: configuration, watcher: watcher, logger: logger
        ).run()
    }

    func handleEvent(_ event: IPCEvent, context: WorkerContext) async {
        context.logger.debug("scan requested", metadata: ["mc.topic": "\(event.topic)"])
        signal.requestFullScan()
    }
}
