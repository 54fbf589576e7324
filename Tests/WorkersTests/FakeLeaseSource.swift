@testable import MCWorkers
import MCIPC
import MCShared
import Synchronization

/// An in-memory outbox behind the lease protocol: hands out queued deliveries honouring
/// `limit` and `per_webhook` as mc-api does, records reports, and tracks how many leases are
/// outstanding at once (the concurrency bound seen from mc-api's side).
final class FakeLeaseSource: WebhookLeaseSource, Sendable {
    private struct State {
        var queue: [WebhookLease] = []
        var outstanding: [Int64: Int] = [:]
        var maximumOutstanding = 0
        var reports: [WebhookAttemptReport] = []
        var leaseCalls = 0
        var failuresLeft = 0
        var reportFailuresLeft = 0
        var reportCalls = 0
        var limits: [Int] = []
    }

    private let state = Mutex(State())

    /// A source holding `deliveries`, failing the first `unavailableFirst` lease calls and the
    /// first `reportsUnavailableFirst` report calls as a restarting mc-api would.
    init(_ deliveries: [WebhookLease] = [], unavailableFirst: Int = 0, reportsUnavailableFirst: Int = 0) {
        state.withLock {
            $0.queue = deliveries
            $0.failuresLeft = unavailableFirst
            $0.reportFailuresLeft = reportsUnavailableFirst
        }
    }

    /// Queues more deliveries (as a commit would).
    func add(_ deliveries: [WebhookLease]) { state.withLock { $0.queue += deliveries } }

    var reports: [WebhookAttemptReport] { state.withLock { $0.reports } }
    var maximumOutstanding: Int { state.withLock { $0.maximumOutstanding } }
    var leaseCalls: Int { state.withLock { $0.leaseCalls } }
    var reportCalls: Int { state.withLock { $0.reportCalls } }
    /// The `limit` of every lease call.
    var limits: [Int] { state.withLock { $0.limits } }

    func lease(limit: Int, perWebhook: Int, leaseSeconds: Int) async throws -> WebhookLeaseBatch {
        try state.withLock { state in
            state.leaseCalls += 1
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw IPCError(.unavailable, "mc-api is restarting")
            }
            state.limits.append(limit)
            var leased: [WebhookLease] = []
            var kept: [WebhookLease] = []
            for delivery in state.queue {
                if leased.count < limit, state.outstanding[delivery.webhookID, default: 0] < perWebhook {
                    state.outstanding[delivery.webhookID, default: 0] += 1
                    leased.append(delivery)
                } else {
                    kept.append(delivery)
                }
            }
            state.queue = kept
            let total = state.outstanding.values.reduce(0, +)
            state.maximumOutstanding = max(state.maximumOutstanding, total)
            return WebhookLeaseBatch(deliveries: leased, nextDueAt: kept.isEmpty ? nil : 0)
        }
    }

    func report(_ report: WebhookAttemptReport) async throws -> WebhookReportAnswer {
        try state.withLock { state in
            state.reportCalls += 1
            if state.reportFailuresLeft > 0 {
                state.reportFailuresLeft -= 1
                throw IPCError(.unavailable, "mc-api is restarting")
            }
            state.reports.append(report)
            // Test deliveries use webhook id × 1000 + n as delivery id.
            state.outstanding[report.deliveryID / 1000, default: 0] -= 1
        }
        return WebhookReportAnswer(accepted: true, status: report.succeeded ? "succeeded" : "failed")
    }

    /// Waits (polling the record, test-only) until `count` reports arrived.
    func waitForReports(_ count: Int) async throws {
        while reports.count < count { try await Task.sleep(for: .milliseconds(5)) }
    }
}

/// A delivery of webhook `webhookID` to `url`.
func testLease(_ n: Int, webhook webhookID: Int64 = 1, url: String, secret: String? = "s3cret") -> WebhookLease {
    WebhookLease(
        deliveryID: webhookID * 1000 + Int64(n), lease: "l_\(n)", webhookID: webhookID, url: url, secret: secret,
        eventType: "activity.task_created", data: ["id": .number(Double(n)), "title": "Tâche ✓"],
        deliveryUID: "msg_\(webhookID)_\(n)")
}
