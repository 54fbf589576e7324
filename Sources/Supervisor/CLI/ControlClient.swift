import Foundation
import MCIPC
import MCShared

#if canImport(Glibc)
import Glibc
#endif

/// The CLI's connection to a running supervisor.
enum ControlClient {
    /// Exit status when the supervisor cannot be reached (`mcsup status` documents 3).
    static let notRunningExitCode: Int32 = 3

    /// Loads the configuration (to find the socket) or exits 78 with the reason.
    static func configuration() -> MissionControlConfiguration {
        do {
            return try MissionControlConfiguration.load()
        } catch {
            printError("mcsup: \(error)")
            exit(ExitCode.configuration)
        }
    }

    /// Sends one request to the supervisor; exits 3 with a hint when it is not running.
    static func call(_ method: String, _ body: JSONValue = .emptyObject) async -> JSONValue {
        let configuration = configuration()
        let path = configuration.supervisorSocketPath
        let connection: IPCConnection
        do {
            connection = try await IPCClient.connect(
                path: path, hello: IPCHello(role: "cli", pid: getpid(), build: MissionControlVersion.current))
        } catch {
            printError(
                "mcsup: not running (no supervisor at \(path)). Start it with 'make run' or 'mcsup run'; set MC_DATA_DIR or MC_RUNTIME_DIR if it runs elsewhere."
            )
            exit(notRunningExitCode)
        }
        defer { connection.close() }
        do {
            return try await connection.request(method, body, timeout: .seconds(10))
        } catch {
            printError("mcsup: \(error.message)")
            exit(ExitCode.failure)
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
