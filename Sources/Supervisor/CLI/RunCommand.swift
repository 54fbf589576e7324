import ArgumentParser
import Dispatch
import Foundation
import Logging
import MCIPC
import MCShared

#if canImport(Glibc)
import Glibc
#endif

extension MCSupCommand {
    /// `mcsup run`: the supervisor in the foreground (what systemd starts).
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the supervisor and its children in the foreground until SIGTERM or SIGINT.")

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            let configuration: MissionControlConfiguration
            let tree: ProcessTree
            do {
                configuration = try MissionControlConfiguration.load(processEnvironment: environment)
                try configuration.prepareDirectories()
                tree = try ProcessTree(
                    configuration: configuration, binaryDirectory: ProcessTree.binaryDirectory(),
                    environment: configuration.environment.values)
            } catch {
                ControlClient.printError("mcsup: \(error)")
                throw ArgumentParser.ExitCode(MCShared.ExitCode.configuration)
            }
            LoggingSetup.bootstrap(label: "mcsup", level: configuration.logLevel)
            let logger = Logger(label: "mcsup")
            signal(SIGPIPE, SIG_IGN)
            // Files we and our children create (database, keys, sockets) are owner-only.
            umask(0o077)

            let output = ChildOutputLog()
            let url = "http://\(configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host):\(configuration.port)"
            let runtime = SupervisorRuntime(
                specs: tree.specs, policy: tree.policy, launcher: ChildLauncher(output: output), output: output,
                notifier: SystemdNotifier(environment: environment), url: url, logger: logger)
            let control: IPCServer
            do {
                control = try await IPCServer.bind(
                    path: configuration.supervisorSocketPath,
                    hello: IPCHello(role: "supervisor", pid: getpid(), build: MissionControlVersion.current),
                    handler: ControlHandler(runtime: runtime), logger: logger)
            } catch {
                ControlClient.printError("mcsup: \(error.message)")
                throw ArgumentParser.ExitCode(MCShared.ExitCode.failure)
            }
            let acceptLoop = Task { try? await control.run() }
            ChildReaper.start { pid, exit in
                Task { await runtime.childExited(pid: pid, exit: exit) }
            }
            let signals = SignalForwarder.install([SIGTERM, SIGINT]) { signal in
                logger.notice("signal received; stopping", metadata: ["mc.signal": "\(signal)"])
                Task { await runtime.stop() }
            }
            logger.info(
                "starting", metadata: ["mc.data_dir": "\(configuration.dataDirectory)", "mc.version": "\(MissionControlVersion.current)"])
            let code = await runtime.run()
            control.close()
            acceptLoop.cancel()
            unlink(configuration.supervisorSocketPath)
            withExtendedLifetime(signals) {}
            logger.notice("supervisor exiting", metadata: ["mc.exit_code": "\(code)"])
            if code != 0 { throw ArgumentParser.ExitCode(code) }
        }
    }
}
