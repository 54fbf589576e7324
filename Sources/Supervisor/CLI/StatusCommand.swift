import ArgumentParser
import Foundation
import MCShared

#if canImport(Glibc)
import Glibc
#endif

extension MCSupCommand {
    /// `mcsup status [--json]`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every child: state, pid, uptime, restarts, last exit, memory, heartbeat.",
            discussion: "Exit status: 0 all running, 1 degraded, 3 supervisor not reachable.")

        @Flag(help: "Print the status as JSON for scripts.")
        var json = false

        func run() async throws {
            let body = await ControlClient.call("sup.status")
            let document: SupervisorStatusDocument
            do {
                document = try body.decode(as: SupervisorStatusDocument.self)
            } catch {
                ControlClient.printError("mcsup: unexpected status from the supervisor: \(error)")
                throw ArgumentParser.ExitCode(MCShared.ExitCode.failure)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(document), as: UTF8.self))
            } else {
                print(StatusTable.render(document), terminator: "")
            }
            if !document.allRunning { throw ArgumentParser.ExitCode(MCShared.ExitCode.failure) }
        }
    }
}
