import AsyncHTTPClient
import Foundation
import Logging
import MCShared
import MCWebhooks
import NIOCore
import NIOHTTP1

/// Makes one delivery attempt: checks and resolves the URL with the SSRF guard, signs the body,
/// POSTs it to the checked address within the time limit without following redirects, keeps up
/// to 1 KiB of the response, and turns the outcome into a report. Never throws: every failure
/// is a report with an `error`.
struct WebhookSender: Sendable {
    let settings: WebhookDelivererSettings
    let clients: WebhookHTTPClients
    /// Unix seconds now, for the payload's `timestamp`; injected so tests can fix it.
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    /// Sends `lease` once and says how it went.
    func send(_ lease: WebhookLease) async -> WebhookAttemptReport {
        let started = ContinuousClock.now
        var report = WebhookAttemptReport(
            deliveryID: lease.deliveryID, lease: lease.lease, statusCode: nil, error: nil, durationMs: 0,
            responseBody: nil)
        do {
            let resolved = try await settings.targetGuard.resolve(url: lease.url)
            guard let plan = WebhookConnectionPlan(resolved) else {
                throw WebhookTargetRefusal(.invalidURL, "Refused: not a valid URL")
            }
            let payload = WebhookPayload(event: lease.eventType, timestamp: now(), data: lease.data)
            let signed = WebhookRequest(payload: payload, secret: lease.secret, deliveryID: lease.deliveryUID)
            let (status, body) = try await post(signed, plan: plan)
            report.statusCode = status
            report.responseBody = body
            if (300...399).contains(status) { report.error = WebhookAttemptError.redirectMessage(status) }
        } catch let refusal as WebhookTargetRefusal {
            report.error = refusal.message
        } catch {
            report.error = WebhookAttemptError.message(for: error, timeout: settings.requestTimeout)
        }
        report.durationMs = (ContinuousClock.now - started).wholeMilliseconds
        return report
    }

    /// POSTs within the time limit; the status code and the kept part of the body.
    private func post(_ signed: WebhookRequest, plan: WebhookConnectionPlan) async throws -> (Int, String?) {
        var request = HTTPClientRequest(url: plan.requestURL)
        request.method = .POST
        for header in signed.headers { request.headers.add(name: header.name, value: header.value) }
        if let host = plan.hostHeader { request.headers.replaceOrAdd(name: "Host", value: host) }
        request.body = .bytes(ByteBuffer(bytes: signed.body))
        let client = await clients.checkOut(plan)
        do {
            let result = try await execute(request, on: client)
            await clients.release(plan)
            return result
        } catch {
            await clients.release(plan)
            throw error
        }
    }

    /// Runs the request and reads the kept body, racing the whole of it against the limit.
    private func execute(_ request: HTTPClientRequest, on client: HTTPClient) async throws -> (Int, String?) {
        let limit = settings.requestTimeout
        let keep = settings.keptResponseBytes
        return try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            group.addTask {
                let response = try await client.execute(request, timeout: .nanoseconds(limit.wholeNanoseconds))
                var kept = ByteBuffer()
                // Read at most `keep` bytes; leaving the rest unread closes the connection.
                for try await var chunk in response.body {
                    let room = keep - kept.readableBytes
                    if let slice = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                        kept.writeImmutableBuffer(slice)
                    }
                    if kept.readableBytes >= keep { break }
                }
                let text = kept.readableBytes == 0 ? nil : String(decoding: kept.readableBytesView, as: UTF8.self)
                return (Int(response.status.code), text)
            }
            group.addTask {
                try await Task.sleep(for: limit)
                throw WebhookAttemptError.Timeout()
            }
            // The first to finish wins; cancelling the other aborts the request or the timer.
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
