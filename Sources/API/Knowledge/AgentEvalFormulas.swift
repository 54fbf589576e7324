import Foundation
import MCShared

/// The evaluation layers of `/api/agents/evals`. The original names them and gives their
/// shapes but its formulas live in code this port does not copy, so these are defined here:
///
/// - `output`: success rate of the agent's done tasks with an outcome, completed in the
///   window (`outcome = 'success'` over all with an outcome); passes at ≥ 0.7.
/// - `trace`: mean convergence of the agent's `eval_traces` in the window
///   (`convergence_score`, else `optimal_steps / total_steps`); passes at ≥ 0.7.
/// - `component`: 1 − error rate of the agent's tasks updated in the window, a task counting
///   as an error when it has an `error_message` or `retry_count > 0`; passes at ≥ 0.8.
/// - `drift`: this week's output score against the mean of the previous `weeks` weekly output
///   scores (weeks without data left out); drifted when |delta| > 0.15. Score 1 − |delta|.
///
/// Windows are rolling weeks ending now; a layer without data has score null and fails.
enum AgentEvalFormulas {
    static let week: Int64 = 7 * 86_400
    static let outputThreshold = 0.7
    static let traceThreshold = 0.7
    static let componentThreshold = 0.8
    static let driftThreshold = 0.15

    /// The raw facts the layers are computed from, each with its time (unix seconds).
    struct Samples: Sendable {
        /// Done tasks with an outcome: completion time, and whether the outcome was `success`.
        var outcomes: [(at: Int64, success: Bool)] = []
        /// Trace convergences in 0…1.
        var traces: [(at: Int64, convergence: Double)] = []
        /// Tasks by last update: whether each had an error or a retry.
        var touched: [(at: Int64, failing: Bool)] = []
    }

    /// One layer's result.
    struct Result: Sendable, Equatable {
        var layer: String
        var score: Double?
        var passed: Bool
        var detail: String

        var json: JSONValue {
            [
                "layer": .string(layer), "score": score.map(JSONValue.number) ?? .null, "passed": .bool(passed),
                "detail": .string(detail),
            ]
        }
    }

    /// The drift of the output score.
    struct Drift: Sendable, Equatable {
        var current: Double?
        var baseline: Double?
        var delta: Double? {
            guard let current, let baseline else { return nil }
            return rounded(current - baseline)
        }
        var drifted: Bool { delta.map { abs($0) > AgentEvalFormulas.driftThreshold } ?? false }

        var json: JSONValue {
            [
                "metric": "output", "current": current.map(JSONValue.number) ?? .null,
                "baseline": baseline.map(JSONValue.number) ?? .null, "delta": delta.map(JSONValue.number) ?? .null,
                "threshold": .number(AgentEvalFormulas.driftThreshold), "drifted": .bool(drifted),
            ]
        }
    }

    /// The window of week `index` before `now` (0 = the last 7 days).
    static func week(_ index: Int, before now: Int64) -> Range<Int64> {
        (now - week * Int64(index + 1) + 1)..<(now - week * Int64(index) + 1)
    }

    static func output(_ samples: Samples, in window: Range<Int64>) -> Result {
        let inWindow = samples.outcomes.filter { window.contains($0.at) }
        guard !inWindow.isEmpty else {
            return Result(
                layer: "output", score: nil, passed: false,
                detail: "No completed tasks with an outcome in the last 7 days")
        }
        let successes = inWindow.filter(\.success).count
        let score = rounded(Double(successes) / Double(inWindow.count))
        return Result(
            layer: "output", score: score, passed: score >= outputThreshold,
            detail: "\(successes) of \(inWindow.count) successful")
    }

    static func trace(_ samples: Samples, in window: Range<Int64>) -> Result {
        let values = samples.traces.filter { window.contains($0.at) }.map(\.convergence)
        guard !values.isEmpty else {
            return Result(layer: "trace", score: nil, passed: false, detail: "No traces in the last 7 days")
        }
        let score = rounded(values.reduce(0, +) / Double(values.count))
        return Result(
            layer: "trace", score: score, passed: score >= traceThreshold,
            detail: "Mean convergence \(format(score)) over \(values.count) trace\(values.count == 1 ? "" : "s")")
    }

    static func component(_ samples: Samples, in window: Range<Int64>) -> Result {
        let inWindow = samples.touched.filter { window.contains($0.at) }
        guard !inWindow.isEmpty else {
            return Result(layer: "component", score: nil, passed: false, detail: "No tasks updated in the last 7 days")
        }
        let failing = inWindow.filter(\.failing).count
        let score = rounded(1 - Double(failing) / Double(inWindow.count))
        return Result(
            layer: "component", score: score, passed: score >= componentThreshold,
            detail: "\(failing) of \(inWindow.count) tasks had errors or retries")
    }

    /// Week `index`'s output score against the mean of the `weeks` weeks before it.
    static func drift(_ samples: Samples, week index: Int, weeks: Int, now: Int64) -> Drift {
        let previous = (index + 1...index + weeks).compactMap { output(samples, in: week($0, before: now)).score }
        return Drift(
            current: output(samples, in: week(index, before: now)).score,
            baseline: previous.isEmpty ? nil : rounded(previous.reduce(0, +) / Double(previous.count)))
    }

    /// The drift layer's result for this week.
    static func driftResult(_ samples: Samples, weeks: Int, now: Int64) -> Result {
        let drift = drift(samples, week: 0, weeks: weeks, now: now)
        guard let delta = drift.delta, let current = drift.current, let baseline = drift.baseline else {
            return Result(
                layer: "drift", score: nil, passed: false,
                detail:
                    "Not enough data: needs an output score this week and in at least one of the previous \(weeks) weeks"
            )
        }
        let state = drift.drifted ? "DRIFTED" : "stable"
        return Result(
            layer: "drift", score: rounded(max(0, 1 - abs(delta))), passed: !drift.drifted,
            detail: "output: \(state) (delta=\(delta >= 0 ? "+" : "")\(format(delta)); this week \(format(current)), "
                + "baseline \(format(baseline)) over \(weeks) weeks)")
    }

    /// Four decimals: enough to compare, short enough to read.
    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
