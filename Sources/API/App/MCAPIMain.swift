import Foundation
import Logging
import MCIPC
import MCShared

#if canImport(Glibc)
import Glibc
#endif

/// `mc-api`: the HTTP server, the only database writer and the IPC bus server.
@main
struct MCAPIMain {
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "openapi" {
            // `mc-api openapi`: print the OpenAPI document (make test validates it).
            await OpenAPICommand.run()
            return
        }
        let environment = ProcessInfo.processInfo.environment
        SupervisorLink.bindLifetimeToSupervisor(environment: environment)
        // The database and its WAL are owner-only, also when mc-api runs outside mcsup.
        umask(0o077)
        let configuration: MissionControlConfiguration
        do {
            configuration = try MissionControlConfiguration.load(processEnvironment: environment)
            try configuration.prepareDirectories()
        } catch {
            FileHandle.standardError.write(Data("mc-api: \(error)\n".utf8))
            exit(ExitCode.configuration)
        }
        LoggingSetup.bootstrap(label: "mc-api", level: configuration.logLevel)
        let logger = Logger(label: "mc-api")
        do {
            try await APIServer(configuration: configuration, logger: logger).run()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("mc-api: \(error)\n".utf8))
            exit(ExitCode.configuration)
        } catch {
            logger.critical("mc-api stopped", metadata: ["mc.error": "\(error)"])
            exit(ExitCode.failure)
        }
    }
}
