import Foundation
import MCShared

/// The report of `/api/agents/optimize`, computed from numbers the service gathers (pure, so
/// its thresholds are tested without a database):
///
/// - `tokensPerTask`: the agent's tokens (input + output) in the window over its tasks
///   completed there; null without completed tasks. `fleetAverage`: the mean of that over
///   every agent of the workspace that has one. `percentile`: the share (0–100) of the other
///   measured agents that spend more tokens per task (100 = the most frugal); null when no
///   other agent is measured.
/// - `trend`: tokens per task of the window's second half against its first: `improving` when
///   at least 10% lower, `declining` when at least 10% higher, else (or without data) `stable`.
/// - `costPerTask`: recorded cost over completed tasks; null without cost data.
/// - `taskCompletionRate` and `errorRate`: among the agent's tasks updated in the window, the
///   share that is done, and the share with an `error_message` or a retry.
/// - `avgTaskDuration`: mean seconds from creation to completion of the tasks completed in it.
/// - `fleetRanking`: 1 + the number of the workspace's agents that completed more tasks.
enum AgentOptimizer {
    /// One agent's consumption and output in a window.
    struct Usage: Sendable, Equatable {
        var tokens: Int64 = 0
        /// Summed `cost_usd`; nil when no row had a cost.
        var cost: Double?
        var completed = 0

        var tokensPerTask: Double? { completed > 0 ? Double(tokens) / Double(completed) : nil }
    }

    /// Everything the report needs.
    struct Input: Sendable {
        var agent: String
        var hours: Int
        var now: Int64
        /// Every agent of the workspace by name, the analysed one included.
        var fleet: [String: Usage]
        var firstHalf: Usage
        var secondHalf: Usage
        /// The agent's tasks updated in the window: how many, done, with errors or retries.
        var touched = 0
        var touchedDone = 0
        var touchedFailing = 0
        /// Creation-to-completion seconds of the tasks completed in the window.
        var durations: [Int64] = []
    }

    static func report(_ input: Input) -> JSONValue {
        let mine = input.fleet[input.agent] ?? Usage()
        let tokensPerTask = mine.tokensPerTask
        let measured = input.fleet.compactMapValues(\.tokensPerTask)
        let fleetAverage = measured.isEmpty ? nil : measured.values.reduce(0, +) / Double(measured.count)
        let others = measured.filter { $0.key != input.agent }.map(\.value)
        let percentile = tokensPerTask.flatMap { value in
            others.isEmpty ? nil : (Double(others.filter { $0 > value }.count) / Double(others.count) * 100).rounded()
        }
        let trend = Self.trend(first: input.firstHalf.tokensPerTask, second: input.secondHalf.tokensPerTask)
        let costPerTask = mine.cost.flatMap { cost in mine.completed > 0 ? cost / Double(mine.completed) : nil }
        let completionRate = input.touched > 0 ? Double(input.touchedDone) / Double(input.touched) : nil
        let errorRate = input.touched > 0 ? Double(input.touchedFailing) / Double(input.touched) : nil
        let duration: Double? =
            input.durations.isEmpty
            ? nil : (Double(input.durations.reduce(0, +)) / Double(input.durations.count)).rounded()
        let ranking = 1 + input.fleet.values.filter { $0.completed > mine.completed }.count
        let facts = Facts(
            tokens: mine.tokens, completed: mine.completed, tokensPerTask: tokensPerTask, fleetAverage: fleetAverage,
            fleetMeasured: measured.count, trend: trend, completionRate: completionRate, touched: input.touched,
            errorRate: errorRate)
        return [
            "agent": .string(input.agent), "hours": .number(Double(input.hours)),
            "analyzedAt": .number(Double(input.now)),
            "efficiency": [
                "tokensPerTask": number(tokensPerTask.map(rounded)), "fleetAverage": number(fleetAverage.map(rounded)),
                "percentile": number(percentile), "trend": .string(trend),
                "costPerTask": number(costPerTask.map(rounded)),
                "totalTokens": .number(Double(mine.tokens)), "tasksCompleted": .number(Double(mine.completed)),
            ],
            "toolPatterns": ["mostUsed": [], "leastEffective": [], "unusedCapabilities": []],
            "performance": [
                "taskCompletionRate": number(completionRate.map(rounded)), "avgTaskDuration": number(duration),
                "errorRate": number(errorRate.map(rounded)), "fleetRanking": .number(Double(ranking)),
                "fleetSize": .number(Double(max(input.fleet.count, 1))),
            ],
            "recommendations": .array(recommendations(facts).map(\.json)),
        ]
    }

    /// `improving`, `declining` or `stable`.
    static func trend(first: Double?, second: Double?) -> String {
        guard let first, let second, first > 0 else { return "stable" }
        let ratio = second / first
        if ratio <= 0.9 { return "improving" }
        if ratio >= 1.1 { return "declining" }
        return "stable"
    }

    /// What the recommendations look at.
    struct Facts: Sendable {
        var tokens: Int64
        var completed: Int
        var tokensPerTask: Double?
        var fleetAverage: Double?
        var fleetMeasured: Int
        var trend: String
        var completionRate: Double?
        var touched: Int
        var errorRate: Double?
    }

    /// One recommendation.
    struct Recommendation: Sendable, Equatable {
        var category: String
        var priority: String
        var title: String
        var description: String
        var expectedImpact: String

        var json: JSONValue {
            [
                "category": .string(category), "priority": .string(priority), "title": .string(title),
                "description": .string(description), "expectedImpact": .string(expectedImpact),
            ]
        }
    }

    /// The recommendations for `facts`, high priority first.
    static func recommendations(_ facts: Facts) -> [Recommendation] {
        var list: [Recommendation] = []
        if let rate = facts.errorRate, rate > 0.1 {
            list.append(
                Recommendation(
                    category: "reliability", priority: rate > 0.2 ? "high" : "medium", title: "High error rate",
                    description: "\(percent(rate)) of the tasks updated in this window had errors or retries.",
                    expectedImpact: "Fewer retries and failed tasks"))
        }
        if let mine = facts.tokensPerTask, let average = facts.fleetAverage, facts.fleetMeasured >= 2,
            mine > average * 1.5
        {
            list.append(
                Recommendation(
                    category: "efficiency", priority: mine > average * 2 ? "high" : "medium",
                    title: "Token usage above fleet average",
                    description:
                        "Uses \(Int(mine.rounded())) tokens per completed task against a fleet average of \(Int(average.rounded())).",
                    expectedImpact: "Lower token cost per task"))
        }
        if facts.trend == "declining" {
            list.append(
                Recommendation(
                    category: "efficiency", priority: "medium", title: "Token efficiency declining",
                    description: "Tokens per task rose by 10% or more between the first and second half of the window.",
                    expectedImpact: "Stop the cost per task from growing"))
        }
        if let rate = facts.completionRate, rate < 0.5 {
            list.append(
                Recommendation(
                    category: "performance", priority: "medium", title: "Low task completion rate",
                    description: "Only \(percent(rate)) of the \(facts.touched) tasks updated in this window are done.",
                    expectedImpact: "More tasks finished"))
        }
        if facts.tokens > 0, facts.completed == 0 {
            list.append(
                Recommendation(
                    category: "efficiency", priority: "medium", title: "Tokens spent without completed tasks",
                    description: "Spent \(facts.tokens) tokens in this window without completing a task.",
                    expectedImpact: "Tokens turned into finished work"))
        }
        return list.filter { $0.priority == "high" } + list.filter { $0.priority != "high" }
    }

    static func percent(_ rate: Double) -> String { "\(Int((rate * 100).rounded()))%" }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

    static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
}
