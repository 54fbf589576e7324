import ArgumentParser

/// `mc-bench`: the project's benchmarks. Each subcommand prints one figure per line as
/// `name: value unit (target ...)`; `bench/run.sh` runs them all on a release build.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mc-bench",
        abstract: "Mission Control benchmarks (run them on a release build: make bench).",
        subcommands: [TreeBench.self, IPCBench.self, APIBench.self, WebhookBench.self])
}
