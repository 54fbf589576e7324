import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCShared
import Testing

@testable import MCAPI

/// `GET /api/tasks/regression` (reference §7.2, §9.14): hand-computed windows, percentiles and
/// intervention rates, and every 400.
@Suite struct RegressionTests {
    typealias S = ReportTestSupport

    /// Done tasks finished `completed` seconds after `beta`, `latency` seconds after creation.
    static func done(_ app: TestApplication, beta: Int64, completed: Int64, latency: Int64, _ extra: [String: (any DatabaseValueConvertible)?] = [:])
        async throws
    {
        var values: [String: (any DatabaseValueConvertible)?] = [
            "status": "done", "completed_at": beta + completed, "created_at": beta + completed - latency,
        ]
        values.merge(extra) { _, new in new }
        try await S.task(app, "t", values)
    }

    @Test func windowsPercentilesAndInterventionsMatchAHandComputation() async throws {
        let app = try await TestApplication()
        try await S.addWorkspace(app)
        let beta = S.now - 1_000
        // Post window: latencies 10, 20, 30, 40, 100; interventions: a retry and a failure (a
        // blank error message is none) → 2 of 5.
        try await Self.done(app, beta: beta, completed: 10, latency: 10, ["retry_count": 1])
        try await Self.done(app, beta: beta, completed: 20, latency: 20, ["outcome": "failed"])
        try await Self.done(app, beta: beta, completed: 30, latency: 30, ["error_message": "  "])
        try await Self.done(app, beta: beta, completed: 40, latency: 40, ["outcome": "success"])
        try await Self.done(app, beta: beta, completed: 0, latency: 100)
        // Baseline (the 1001 s before beta_start): latencies 50 and 60, one partial → 1 of 2.
        try await Self.done(app, beta: beta, completed: -500, latency: 50, ["outcome": "partial"])
        try await Self.done(app, beta: beta, completed: -1, latency: 60)
        // Not counted: before the baseline, not done, another workspace, finished before created.
        try await Self.done(app, beta: beta, completed: -2_000, latency: 5)
        try await Self.done(app, beta: beta, completed: 50, latency: 5, ["status": "review"])
        try await Self.done(app, beta: beta, completed: 50, latency: 5, ["workspace_id": 2])
        try await Self.done(app, beta: beta, completed: 60, latency: -30, ["retry_count": 3])
        try await app.test { client in
            let response = try await S.send(client, .get, "/api/tasks/regression?beta_start=\(beta)")
            #expect(response.status == .ok)
            let json = response.json
            #expect(S.int(json, "params.beta_start") == Int(beta))
            #expect(S.int(json, "params.lookback_seconds") == 604_800)
            #expect(S.value(json, "windows.post.label") as? String == "post")
            #expect(S.int(json, "windows.post.start") == Int(beta))
            let postLength = try #require(S.int(json, "windows.post.end")) - Int(beta)
            #expect([1_001, 1_002].contains(postLength))
            #expect(S.int(json, "windows.baseline.start") == Int(beta) - postLength)
            #expect(S.int(json, "windows.baseline.end") == Int(beta))
            #expect(S.int(json, "windows.post.sample_size") == 5)
            #expect(S.int(json, "windows.post.latency_seconds.p50") == 30)
            #expect(S.int(json, "windows.post.latency_seconds.p95") == 100)
            #expect(S.value(json, "windows.post.latency_seconds.avg") as? Double == 40)
            #expect(S.int(json, "windows.post.interventions.count") == 2)
            #expect(S.value(json, "windows.post.interventions.rate") as? Double == 0.4)
            #expect(S.int(json, "windows.baseline.sample_size") == 2)
            #expect(S.int(json, "windows.baseline.latency_seconds.p50") == 50)
            #expect(S.int(json, "windows.baseline.latency_seconds.p95") == 60)
            #expect(S.value(json, "windows.baseline.latency_seconds.avg") as? Double == 55)
            #expect(S.value(json, "windows.baseline.interventions.rate") as? Double == 0.5)
            #expect(S.int(json, "deltas.p95_latency_seconds") == 40)
            let rateDelta = try #require(S.value(json, "deltas.intervention_rate") as? Double)
            #expect(abs(rateDelta - -0.1) < 1e-9)
            #expect(S.value(json, "metric_definitions.p95_task_latency_seconds") is String)
            #expect(S.value(json, "metric_definitions.intervention_rate") is String)

            // A 100 s lookback keeps only the baseline task finished a second before beta_start.
            let short = try await S.send(client, .get, "/api/tasks/regression?cutover=\(beta)&lookback_seconds=100")
            #expect(S.int(short.json, "params.lookback_seconds") == 100)
            #expect(S.int(short.json, "windows.baseline.start") == Int(beta) - 100)
            #expect(S.int(short.json, "windows.baseline.sample_size") == 1)
            #expect(S.int(short.json, "windows.baseline.latency_seconds.p50") == 60)
            #expect(S.value(short.json, "windows.baseline.interventions.rate") as? Double == 0)
            #expect(S.int(short.json, "deltas.p95_latency_seconds") == 40)
            // A cutover at the epoch's first second leaves the baseline empty: nulls.
            let empty = try await S.send(client, .get, "/api/tasks/regression?beta_start=1")
            #expect(S.int(empty.json, "windows.baseline.start") == 0)
            #expect(S.int(empty.json, "windows.baseline.sample_size") == 0)
            #expect(S.value(empty.json, "windows.baseline.latency_seconds.p95") is NSNull)
            #expect(S.value(empty.json, "windows.baseline.latency_seconds.avg") is NSNull)
            #expect(S.value(empty.json, "windows.baseline.interventions.rate") as? Double == 0)
            #expect(S.value(empty.json, "deltas.p95_latency_seconds") is NSNull)
            #expect(S.int(empty.json, "windows.post.sample_size") == 8)
        }
    }

    @Test(arguments: [
        ("", RegressionMetrics.missingMessage),
        ("beta_start=", RegressionMetrics.missingMessage),
        ("lookback_seconds=60", RegressionMetrics.missingMessage),
        ("beta_start=soon", RegressionMetrics.unparsableMessage),
        ("beta_start=0", RegressionMetrics.unparsableMessage),
        ("beta_start=-5", RegressionMetrics.unparsableMessage),
        ("beta_start=2026-13-45", RegressionMetrics.unparsableMessage),
        ("beta_start=99999999999", RegressionMetrics.futureMessage),
        ("beta_start=2999-01-01T00:00:00Z", RegressionMetrics.futureMessage),
    ])
    func invalidBetaStartIs400(query: String, message: String) async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let response = try await S.send(client, .get, "/api/tasks/regression?\(query)")
            #expect(response.status == .badRequest)
            #expect(response.json["error"] as? String == message)
        }
    }

    @Test func isoTimestampsAreAccepted() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            let response = try await S.send(client, .get, "/api/tasks/regression?beta_start=2026-01-01T00:00:00Z")
            #expect(response.status == .ok)
            #expect(S.int(response.json, "params.beta_start") == 1_767_225_600)
            let alias = try await S.send(client, .get, "/api/tasks/regression?beta_start=&cutover=1767225600")
            #expect(S.int(alias.json, "params.beta_start") == 1_767_225_600)
        }
        let now: Int64 = 1_800_000_000
        #expect(try RegressionMetrics.betaStart("2026-01-01", now: now) == 1_767_225_600)
        #expect(try RegressionMetrics.betaStart("2026-01-01T01:00:00.250+01:00", now: now) == 1_767_225_600)
        #expect(try RegressionMetrics.betaStart("2026-01-01T00:00:10", now: now) == 1_767_225_610)
        #expect(try RegressionMetrics.betaStart(" 1767225600.9 ", now: now) == 1_767_225_600)
        #expect(try RegressionMetrics.betaStart("1800000000", now: now) == now)
        #expect(throws: APIError(.badRequest, RegressionMetrics.futureMessage)) {
            try RegressionMetrics.betaStart("1800000001", now: now)
        }
    }

    @Test func lookbackIsClampedToAMinuteAndThirtyDays() {
        #expect(RegressionMetrics.lookback(nil) == 604_800)
        #expect(RegressionMetrics.lookback("abc") == 604_800)
        #expect(RegressionMetrics.lookback("59") == 60)
        #expect(RegressionMetrics.lookback("0") == 60)
        #expect(RegressionMetrics.lookback("-10") == 60)
        #expect(RegressionMetrics.lookback("60") == 60)
        #expect(RegressionMetrics.lookback("3600.7") == 3_600)
        #expect(RegressionMetrics.lookback("2592000") == 2_592_000)
        #expect(RegressionMetrics.lookback("2592001") == 2_592_000)
        #expect(RegressionMetrics.lookback("1e30") == 2_592_000)
    }

    @Test func windowsFollowTheOriginalsArithmetic() {
        // Post shorter than a minute: the baseline still spans a minute.
        let young = RegressionMetrics.windows(betaStart: 1_000, lookback: 604_800, now: 1_010)
        #expect(young.post == .init(start: 1_000, end: 1_011))
        #expect(young.baseline == .init(start: 940, end: 1_000))
        // Long post: the lookback caps the baseline; it never starts before 0.
        let old = RegressionMetrics.windows(betaStart: 100, lookback: 60, now: 10_000)
        #expect(old.baseline == .init(start: 40, end: 100))
        #expect(RegressionMetrics.windows(betaStart: 30, lookback: 600, now: 10_000).baseline.start == 0)
    }

    @Test func nearestRankPercentiles() {
        #expect(RegressionMetrics.percentile([], 50) == nil)
        #expect(RegressionMetrics.percentile([7], 95) == 7)
        let values: [Int64] = [15, 20, 35, 40, 50]
        #expect(RegressionMetrics.percentile(values, 5) == 15)
        #expect(RegressionMetrics.percentile(values, 30) == 20)
        #expect(RegressionMetrics.percentile(values, 40) == 20)
        #expect(RegressionMetrics.percentile(values, 50) == 35)
        #expect(RegressionMetrics.percentile(values, 100) == 50)
        #expect(RegressionMetrics.percentile(Array(1...20), 95) == 19)
        #expect(RegressionMetrics.percentile(Array(1...20).reversed(), 50) == 10)
    }

    @Test func readLimitAppliesAt120PerMinute() async throws {
        let app = try await TestApplication()
        try await app.test { client in
            for _ in 0..<120 {
                #expect(try await S.send(client, .get, "/api/tasks/regression").status == .badRequest)
            }
            let refused = try await S.send(client, .get, "/api/tasks/regression")
            #expect(refused.status == .tooManyRequests)
        }
    }
}
