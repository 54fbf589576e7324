import ArgumentParser
import MCShared

extension MCSupCommand {
    /// `mcsup restart <child>`.
    struct Restart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Gracefully restart one child (api, gateway, webhooks, sessions, scheduler).")

        @Argument(help: "The child to restart.")
        var child: String

        func run() async throws {
            _ = await ControlClient.call("sup.restart", ["child": .string(child)])
            print("restarting \(child)")
        }
    }

    /// `mcsup stop`.
    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop every child in reverse order, then the supervisor.")

        func run() async throws {
            _ = await ControlClient.call("sup.stop")
            print("stopping")
        }
    }

    /// `mcsup logs <child> [-n N]`.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the last lines a child wrote (the supervisor keeps 200 per child).")

        @Argument(help: "The child whose output to print.")
        var child: String

        @Option(name: .short, help: "How many lines (1 to 200).")
        var n: Int = 50

        func validate() throws {
            guard (1...200).contains(n) else { throw ValidationError("-n must be from 1 to 200, got \(n)") }
        }

        func run() async throws {
            let body = await ControlClient.call("sup.logs", ["child": .string(child), "lines": .number(Double(n))])
            for line in body["lines"]?.arrayValue ?? [] {
                print(line.stringValue ?? "")
            }
        }
    }
}
