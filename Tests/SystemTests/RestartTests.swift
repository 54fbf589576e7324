import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real tree under failure: killed, hung and misconfigured children.
@Suite(.serialized)
struct RestartTests {
    @Test func startsEveryChildAndServesStatus() async throws {
        let tree = try ProcessTreeHarness()
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        let status = try await tree.status()
        #expect(status.children.map(\.id) == ["api", "gateway", "webhooks", "sessions", "scheduler"])
        #expect(status.children.allSatisfy { $0.state == "running" && $0.restartsTotal == 0 })
        let response = try await tree.get("/api/status")
        #expect(response.status == 200)
        #expect(response.body.contains("\"ok\":true"))
    }

    @Test func killedWorkersComeBackWhileTheAPIStaysUp() async throws {
        let tree = try ProcessTreeHarness()
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        let apiPID = try await tree.status()["api"]?.pid
        // Poll the API for the whole test: it must never be unavailable.
        let prober = Task { () -> [String] in
            var failures: [String] = []
            while !Task.isCancelled {
                // A GET on a pooled keep-alive connection that the server has just closed fails
                // in the client; like any HTTP client, retry an idempotent GET once before
                // calling the API unavailable.
                var outcome = "no answer"
                for _ in 0..<2 {
                    do {
                        let response = try await tree.get("/api/status?action=health", timeout: 10)
                        outcome = response.status == 200 ? "ok" : "HTTP \(response.status)"
                        break
                    } catch {
                        outcome = "\(error)"
                    }
                }
                // Our own cancel() below interrupts the request in flight: that is the end of
                // the probing, not a failure of the API.
                if Task.isCancelled { break }
                if outcome != "ok" { failures.append(outcome) }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return failures
        }
        for worker in ["gateway", "webhooks", "sessions", "scheduler"] {
            let before = try #require(try await tree.status()[worker]?.pid)
            kill(before, SIGKILL)
            try await eventually(timeout: .seconds(10), "\(worker) restarted") {
                let child = try await tree.status()[worker]
                return child?.state == "running" && child?.pid != before && child?.restartsTotal == 1
            }
            #expect(try await tree.status()[worker]?.lastExitReason == "crashed")
        }
        prober.cancel()
        let failures = await prober.value
        #expect(failures == [], "API answers other than 200 while workers were killed: \(failures)")
        #expect(try await tree.status()["api"]?.pid == apiPID)
    }

    @Test func killedAPIComesBackAndWorkersReconnectWithoutRestarting() async throws {
        let tree = try ProcessTreeHarness()
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        let before = try await tree.status()
        let apiPID = try #require(before["api"]?.pid)
        kill(apiPID, SIGKILL)
        try await eventually(timeout: .seconds(10), "api back with all four workers on the bus") {
            let response = try await tree.get("/api/status")
            return response.status == 200
                && response.body.contains(#""clients":["gateway","scheduler","sessions","webhooks"]"#)
        }
        let after = try await tree.status()
        #expect(after["api"]?.restartsTotal == 1)
        #expect(after["api"]?.pid != apiPID)
        for worker in ["gateway", "webhooks", "sessions", "scheduler"] {
            #expect(after[worker]?.pid == before[worker]?.pid, "\(worker) must not be restarted")
            #expect(after[worker]?.restartsTotal == 0)
        }
    }

    @Test func stoppedWorkerIsKilledAndRestartedAsHung() async throws {
        let tree = try ProcessTreeHarness(extraEnvironment: ["MC_SUP_HANG_TIMEOUT": "1.5"])
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        let frozen = try #require(try await tree.status()["sessions"]?.pid)
        kill(frozen, SIGSTOP)
        try await eventually(timeout: .seconds(10), "sessions restarted after hanging") {
            let child = try await tree.status()["sessions"]
            return child?.state == "running" && child?.pid != frozen && child?.lastExitReason == "hung"
        }
        #expect(processIsGone(frozen))
        #expect(tree.log.contains("child hung"))
    }

    @Test func configurationErrorIsFatalAndLeavesOthersRunning() async throws {
        let tree = try ProcessTreeHarness(extraEnvironment: ["OPENCLAW_GATEWAY_PORT": "not-a-port"])
        defer { tree.shutdown() }
        try await eventually(timeout: .seconds(15), "gateway fatal, others running") {
            let status = try await tree.status()
            return status["gateway"]?.state == "fatal"
                && status.children.filter { $0.state == "running" }.count == 4
        }
        let status = try await tree.status()
        #expect(status.exitCode == 1)
        #expect(status["gateway"]?.restartsTotal == 0)
        #expect(status["gateway"]?.lastExitReason == "config")
        #expect(try await tree.httpStatus("/api/status") == 200)
        let logs = try await tree.cli(["logs", "gateway", "-n", "5"])
        #expect(logs.stdout.contains("OPENCLAW_GATEWAY_PORT"))
        let table = try await tree.cli(["status"])
        #expect(table.exitCode == 1)
        #expect(table.stdout.contains("fatal"))
    }

    @Test func manualRestartReplacesTheChild() async throws {
        let tree = try ProcessTreeHarness()
        defer { tree.shutdown() }
        try await tree.waitUntilRunning()
        let before = try #require(try await tree.status()["webhooks"]?.pid)
        let result = try await tree.cli(["restart", "webhooks"])
        #expect(result.exitCode == 0)
        try await eventually(timeout: .seconds(10), "webhooks replaced") {
            let child = try await tree.status()["webhooks"]
            return child?.state == "running" && child?.pid != before
        }
        let unknown = try await tree.cli(["restart", "nope"])
        #expect(unknown.exitCode == 1)
        #expect(unknown.stderr.contains("no child named 'nope'"))
    }
}
