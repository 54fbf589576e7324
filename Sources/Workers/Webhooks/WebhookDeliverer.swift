import Foundation
import Logging
import MCIPC
import MCShared

/// The deliverer loop: leases due deliveries when woken (by `webhooks.due`, by a delivery that
/// frees a slot, at `next_due_at`, or by the 30 s safety timer), sends each in its own task,
/// and reports the results. At most `concurrency` deliveries are in flight, and it never asks
/// for more leases than it has free slots, so every lease it holds is being worked on.
actor WebhookDeliverer {
    let source: any WebhookLeaseSource
    let sender: WebhookSender
    let settings: WebhookDelivererSettings
    let logger: Logger
    /// Wakes the loop; `wake()` is how events reach it.
    nonisolated let signal: WebhookWakeSignal
    /// Unix seconds now (fractional), for the `next_due_at` timer.
    private let now: @Sendable () -> Double

    /// Deliveries being sent or reported now.
    private(set) var inFlight = 0

    init(
        source: any WebhookLeaseSource, sender: WebhookSender, logger: Logger,
        signal: WebhookWakeSignal = WebhookWakeSignal(),
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.source = source
        self.sender = sender
        self.settings = sender.settings
        self.logger = logger
        self.signal = signal
        self.now = now
    }

    /// Makes the loop lease soon (deliveries are due).
    nonisolated func wake() { signal.wake() }

    /// Runs until cancelled. Cancelling aborts deliveries in flight without reporting them:
    /// their leases expire and they are sent again, so nothing is lost.
    func run() async {
        let plan = WebhookWakePlan(minimum: settings.minimumTimer, safety: settings.safetyInterval)
        await withDiscardingTaskGroup { group in
            var failures = 0
            while !Task.isCancelled {
                let free = settings.concurrency - inFlight
                guard free > 0 else {
                    // A finishing delivery wakes the loop.
                    await signal.wait()
                    continue
                }
                let batch: WebhookLeaseBatch
                do {
                    batch = try await source.lease(
                        limit: free, perWebhook: settings.perWebhook, leaseSeconds: settings.leaseSeconds)
                    failures = 0
                } catch {
                    failures += 1
                    let delay = settings.unavailableBackoff.delay(attempt: failures, random: .random(in: 0..<1))
                    logLeaseFailure(error, failures: failures)
                    try? await Task.sleep(for: delay)
                    continue
                }
                for lease in batch.deliveries {
                    inFlight += 1
                    group.addTask { await self.deliver(lease) }
                }
                // A full batch may have left more due: lease again as soon as a slot frees.
                if batch.deliveries.count >= free { continue }
                await signal.wait(atMost: plan.delay(nextDueAt: batch.nextDueAt, now: now()))
            }
        }
    }

    /// Sends one delivery, reports it, frees its slot.
    private nonisolated func deliver(_ lease: WebhookLease) async {
        let report = await sender.send(lease)
        if !Task.isCancelled {
            log(report, of: lease)
            if let answer = await submit(report) { log(answer, of: lease) }
        }
        await finished()
    }

    private func finished() {
        inFlight -= 1
        signal.wake()
    }

    /// Reports with a few retries while mc-api is restarting; if it stays away the lease
    /// expires and the delivery is sent again with the same `webhook-id`.
    private nonisolated func submit(_ report: WebhookAttemptReport) async -> WebhookReportAnswer? {
        for attempt in 1...5 {
            do {
                return try await source.report(report)
            } catch let error as IPCError where error.code == .unavailable || error.code == .timeout {
                guard attempt < 5, !Task.isCancelled else { break }
                try? await Task.sleep(for: settings.unavailableBackoff.delay(attempt: attempt, random: .random(in: 0..<1)))
            } catch {
                logger.warning(
                    "webhook report refused",
                    metadata: ["mc.delivery_id": "\(report.deliveryID)", "mc.error": "\(error)"])
                return nil
            }
        }
        logger.warning(
            "webhook report lost; the delivery will be sent again when its lease expires",
            metadata: ["mc.delivery_id": "\(report.deliveryID)"])
        return nil
    }

    /// A delivery that will not be tried again is worth a warning; a stale lease only a note.
    private nonisolated func log(_ answer: WebhookReportAnswer, of lease: WebhookLease) {
        let metadata: Logger.Metadata = ["mc.webhook_id": "\(lease.webhookID)", "mc.delivery_id": "\(lease.deliveryID)"]
        if !answer.accepted {
            logger.debug("webhook report ignored: the lease was no longer current", metadata: metadata)
        } else if answer.status == "dead" {
            logger.warning("webhook delivery gave up: no attempts left", metadata: metadata)
        }
    }

    private nonisolated func log(_ report: WebhookAttemptReport, of lease: WebhookLease) {
        var metadata: Logger.Metadata = [
            "mc.webhook_id": "\(lease.webhookID)", "mc.delivery_id": "\(lease.deliveryID)",
            "mc.event": "\(lease.eventType)", "mc.attempt": "\(lease.attempt)", "mc.duration_ms": "\(report.durationMs)",
        ]
        if let status = report.statusCode { metadata["mc.status_code"] = "\(status)" }
        if lease.probe { metadata["mc.probe"] = "true" }
        if report.succeeded {
            logger.debug("webhook delivered", metadata: metadata)
        } else {
            metadata["mc.error"] = "\(report.error ?? "HTTP \(report.statusCode ?? 0)")"
            logger.warning(lease.probe ? "webhook breaker probe failed" : "webhook delivery failed", metadata: metadata)
        }
    }

    private func logLeaseFailure(_ error: any Error, failures: Int) {
        // The first failure and then every 20th: mc-api restarting is normal and not worth a flood.
        guard failures == 1 || failures % 20 == 0 else { return }
        let level: Logger.Level = (error as? IPCError)?.code == .unavailable ? .info : .warning
        logger.log(level: level, "webhook lease failed", metadata: ["mc.error": "\(error)", "mc.failures": "\(failures)"])
    }
}
