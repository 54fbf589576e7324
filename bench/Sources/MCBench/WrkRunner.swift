import Foundation

/// Runs wrk (Debian's package; `make bench` installs it) and reads its summary.
struct WrkRunner {
    let seconds: Int
    let connections: Int
    let key: String

    struct Result {
        var requestsPerSecond: Double
        var p99Milliseconds: Double
        var errors: Int
    }

    func run(url: String, script: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script, url]
        var environment = ProcessInfo.processInfo.environment
        environment["MC_BENCH_KEY"] = key
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("wrk failed: \(text)") }
        return try Self.parse(text)
    }

    /// Reads `Requests/sec:`, the `99%` latency line and any non-2xx/socket error counts.
    static func parse(_ text: String) throws -> Result {
        var rate: Double?
        var p99: Double?
        var errors = 0
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), fields.count >= 2 { rate = Double(fields[1]) }
            if line.hasPrefix("99%"), fields.count >= 2 { p99 = milliseconds(String(fields[1])) }
            if line.hasPrefix("Non-2xx or 3xx responses:"), let count = fields.last.flatMap({ Int($0) }) { errors += count }
        }
        guard let rate, let p99 else { throw BenchError("cannot read wrk output: \(text)") }
        if errors > 0 { throw BenchError("wrk saw \(errors) non-2xx responses:\n\(text)") }
        return Result(requestsPerSecond: rate, p99Milliseconds: p99, errors: errors)
    }

    /// wrk prints `812.00us`, `1.23ms` or `2.01s`.
    static func milliseconds(_ value: String) -> Double? {
        if value.hasSuffix("us") { return Double(value.dropLast(2)).map { $0 / 1000 } }
        if value.hasSuffix("ms") { return Double(value.dropLast(2)) }
        if value.hasSuffix("s") { return Double(value.dropLast(1)).map { $0 * 1000 } }
        return nil
    }
}
