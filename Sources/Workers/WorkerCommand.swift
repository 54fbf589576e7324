import ArgumentParser

/// `mc-worker <job>`: one background worker of the Mission Control process tree. `mcsup`
/// starts one process per job; each can also be run by hand for debugging.
@main
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mc-worker",
        abstract: "Runs one Mission Control background worker (normally started by mcsup).",
        subcommands: [Gateway.self, Webhooks.self, Sessions.self, Scheduler.self])

    struct Gateway: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "OpenClaw gateway connections.")
        func run() async throws { await WorkerRuntime.run(GatewayJob()) }
    }

    struct Webhooks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Outbound webhook deliveries.")
        func run() async throws { await WorkerRuntime.run(WebhooksJob()) }
    }

    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Claude Code transcript scanner.")
        func run() async throws { await WorkerRuntime.run(SessionsJob()) }
    }

    struct Scheduler: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Background jobs on a clock.")
        func run() async throws { await WorkerRuntime.run(SchedulerJob()) }
    }
}
