import Foundation
import Testing

@testable import MCAPI

/// The evaluation formulas on hand-built samples, without a database.
@Suite struct AgentEvalFormulaTests {
    typealias Formulas = AgentEvalFormulas
    static let now: Int64 = 10_000_000
    static let day: Int64 = 86_400

    @Test func outputIsTheSuccessRateOfTheWeek() {
        var samples = Formulas.Samples()
        samples.outcomes = [
            (Self.now - Self.day, true), (Self.now, true), (Self.now - 2 * Self.day, false),
            // Exactly seven days ago belongs to the previous week.
            (Self.now - 7 * Self.day, false),
        ]
        let week = Formulas.week(0, before: Self.now)
        #expect(
            Formulas.output(samples, in: week)
                == .init(layer: "output", score: 0.6667, passed: false, detail: "2 of 3 successful"))
        samples.outcomes.append((Self.now - 3, true))
        #expect(
            Formulas.output(samples, in: week)
                == .init(layer: "output", score: 0.75, passed: true, detail: "3 of 4 successful"))
        #expect(Formulas.output(samples, in: Formulas.week(1, before: Self.now)).score == 0)
        #expect(
            Formulas.output(.init(), in: week)
                == .init(
                    layer: "output", score: nil, passed: false,
                    detail: "No completed tasks with an outcome in the last 7 days"))
    }

    @Test func traceIsTheMeanConvergence() {
        var samples = Formulas.Samples()
        samples.traces = [(Self.now - 10, 0.9), (Self.now - 20, 0.5), (Self.now - 8 * Self.day, 0.0)]
        let result = Formulas.trace(samples, in: Formulas.week(0, before: Self.now))
        #expect(
            result == .init(layer: "trace", score: 0.7, passed: true, detail: "Mean convergence 0.70 over 2 traces"))
        #expect(
            Formulas.trace(.init(), in: Formulas.week(0, before: Self.now)).detail == "No traces in the last 7 days")
    }

    @Test func componentIsOneMinusTheErrorRate() {
        var samples = Formulas.Samples()
        samples.touched = [
            (Self.now, false), (Self.now, false), (Self.now, false), (Self.now, false), (Self.now, true),
        ]
        let result = Formulas.component(samples, in: Formulas.week(0, before: Self.now))
        #expect(
            result == .init(layer: "component", score: 0.8, passed: true, detail: "1 of 5 tasks had errors or retries"))
        samples.touched.append((Self.now, true))
        #expect(Formulas.component(samples, in: Formulas.week(0, before: Self.now)).passed == false)
        #expect(Formulas.component(.init(), in: Formulas.week(0, before: Self.now)).score == nil)
    }

    @Test func driftComparesThisWeekWithTheMeanOfThePreviousWeeks() {
        var samples = Formulas.Samples()
        let week = 7 * Self.day
        // This week 1.0; previous weeks 1.0 and 0.7 (mean 0.85); a week without data is left out.
        samples.outcomes = [
            (Self.now - 1, true), (Self.now - week - 1, true), (Self.now - 3 * week - 1, true),
            (Self.now - 3 * week - 2, true), (Self.now - 3 * week - 3, false), (Self.now - 3 * week - 4, true),
            (Self.now - 3 * week - 5, true), (Self.now - 3 * week - 6, true), (Self.now - 3 * week - 7, false),
            (Self.now - 3 * week - 8, true), (Self.now - 3 * week - 9, true), (Self.now - 3 * week - 10, false),
        ]
        let drift = Formulas.drift(samples, week: 0, weeks: 4, now: Self.now)
        #expect(drift.current == 1.0)
        #expect(drift.baseline == 0.85)
        #expect(drift.delta == 0.15)
        #expect(!drift.drifted)  // 0.15 is not more than 0.15
        let result = Formulas.driftResult(samples, weeks: 4, now: Self.now)
        #expect(result.score == 0.85)
        #expect(result.passed)
        #expect(result.detail == "output: stable (delta=+0.15; this week 1.00, baseline 0.85 over 4 weeks)")
        // One week of baseline (1.0): no drift; last week against the two before it (0.7): drifted.
        let narrow = Formulas.driftResult(samples, weeks: 1, now: Self.now)
        #expect(Formulas.drift(samples, week: 0, weeks: 1, now: Self.now).baseline == 1.0)
        #expect(narrow.passed)
        let shifted = Formulas.drift(samples, week: 1, weeks: 2, now: Self.now)
        #expect(shifted.current == 1.0 && shifted.baseline == 0.7 && shifted.drifted)
        #expect(Formulas.driftResult(.init(), weeks: 4, now: Self.now).score == nil)
        #expect(
            Formulas.driftResult(.init(), weeks: 4, now: Self.now).detail
                == "Not enough data: needs an output score this week and in at least one of the previous 4 weeks")
    }
}
