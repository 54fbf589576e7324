import MCShared
import Testing

@testable import MCIPC

#if canImport(Glibc)
import Glibc
#endif

/// Requests over a real Unix socket: answers, errors, timeouts, ordering and the in-flight limit.
@Suite struct IPCRequestTests {
    @Test func roundTrip() async throws {
        let handler = TestHandler(respond: { request in
            ["method": .string(request.method), "echo": request.body]
        })
        try await withServer(handler: handler) { running in
            let client = try await connectClient(to: running)
            #expect(client.peer?.role == "api")
            #expect(client.peer?.pid == getpid())
            let answer = try await client.request("tasks.get", ["id": 42, "tags": ["a"]])
            #expect(answer == ["method": "tasks.get", "echo": ["id": 42, "tags": ["a"]]])
            await closeAndWait(client)
        }
    }

    @Test func handlerErrorsTravelWithCodeAndMessage() async throws {
        let handler = TestHandler(respond: { request in
            if request.method == "typed" { throw IPCError(.notFound, "no task 9") }
            struct Boom: Error {}
            throw Boom()
        })
        try await withServer(handler: handler) { running in
            let client = try await connectClient(to: running)
            let typed = await ipcError { _ = try await client.request("typed") }
            #expect(typed?.code == .notFound)
            #expect(typed?.message == "no task 9")
            let untyped = await ipcError { _ = try await client.request("untyped") }
            #expect(untyped?.code == .internal)
            #expect(untyped?.message.contains("Boom") == true)
            await closeAndWait(client)
        }
    }

    @Test func unknownMethod() async throws {
        try await withServer { running in
            let client = try await connectClient(to: running)
            let error = await ipcError { _ = try await client.request("no.such.method", ["x": 1]) }
            #expect(error?.code == .unknownMethod)
            #expect(error?.message == "no method 'no.such.method'")
            await closeAndWait(client)
        }
    }

    @Test func requestLargerThanAFrameFailsLocally() async throws {
        let options = IPCOptions(maximumFrameSize: 1024)
        try await withServer(handler: TestHandler(respond: { _ in "ok" }), options: options) { running in
            let client = try await connectClient(to: running, options: options)
            let error = await ipcError { _ = try await client.request("big", .string(String(repeating: "x", count: 2000))) }
            #expect(error?.code == .badRequest)
            #expect(error?.message.hasSuffix("bytes exceeds the 1024-byte limit") == true, "\(String(describing: error))")
            #expect(try await client.request("small") == "ok", "the connection survives")
            await closeAndWait(client)
        }
    }

    @Test func responseLargerThanAFrameBecomesAnError() async throws {
        let handler = TestHandler(respond: { _ in .string(String(repeating: "y", count: 2000)) })
        try await withServer(handler: handler, options: IPCOptions(maximumFrameSize: 1024)) { running in
            let client = try await connectClient(to: running)
            let error = await ipcError { _ = try await client.request("huge") }
            #expect(error?.code == .badRequest)
            #expect(error?.message.hasSuffix("bytes exceeds the 1024-byte limit") == true, "\(String(describing: error))")
            await closeAndWait(client)
        }
    }

    @Test func slowHandlerTimesOut() async throws {
        let handler = TestHandler(respond: { _ in
            try await Task.sleep(for: .seconds(30))
            return "late"
        })
        try await withServer(handler: handler) { running in
            let client = try await connectClient(to: running)
            let start = ContinuousClock.now
            let error = await ipcError { _ = try await client.request("slow", timeout: .milliseconds(150)) }
            let elapsed = ContinuousClock.now - start
            #expect(error?.code == .timeout)
            #expect(error?.message == "no response to 'slow' within 150 ms")
            #expect(elapsed >= .milliseconds(150) && elapsed < .seconds(30), "took \(elapsed)")
            #expect(!client.isClosed, "a timeout does not close the connection")
            await closeAndWait(client)
        }
    }

    @Test func handlerSeesTheCallersDeadline() async throws {
        let deadlines = Recorder<Duration>()
        let handler = TestHandler(respond: { request in
            deadlines.append(request.deadline - .now)
            return .null
        })
        try await withServer(handler: handler) { running in
            let client = try await connectClient(to: running)
            // A long timeout, so that a loaded machine cannot make the request itself time out;
            // what matters is that the handler sees (nearly) the caller's deadline.
            _ = try await client.request("x", timeout: .seconds(60))
            let remaining = try #require(deadlines.all.first)
            #expect(remaining > .seconds(30) && remaining <= .seconds(60))
            await closeAndWait(client)
        }
    }

    /// The first request is held until the second has been answered, so its response must come later.
    @Test func responsesArriveOutOfOrder() async throws {
        let gate = Gate()
        let started = Recorder<String>()
        let handler = TestHandler(respond: { request in
            started.append(request.method)
            if request.method == "first" { await gate.wait() }
            return .string(request.method)
        })
        try await withServer(handler: handler) { running in
            let client = try await connectClient(to: running)
            let completed = Recorder<String>()
            let first = Task {
                let answer = try await client.request("first", timeout: .seconds(10))
                completed.append("first")
                return answer
            }
            #expect(await eventually { started.all == ["first"] })
            #expect(try await client.request("second", timeout: .seconds(10)) == "second")
            completed.append("second")
            gate.open()
            #expect(try await first.value == "first")
            #expect(completed.all == ["second", "first"])
            await closeAndWait(client)
        }
    }

    @Test func tooManyInflightRequestsAreOverloaded() async throws {
        let gate = Gate()
        let started = Recorder<String>()
        let handler = TestHandler(respond: { request in
            started.append(request.method)
            await gate.wait()
            return "done"
        })
        try await withServer(handler: handler, options: IPCOptions(maximumInflightRequests: 2)) { running in
            let client = try await connectClient(to: running)
            let held = (0..<2).map { _ in Task { try await client.request("hold", timeout: .seconds(10)) } }
            #expect(await eventually { started.count == 2 })
            let error = await ipcError { _ = try await client.request("one.more", timeout: .seconds(5)) }
            #expect(error?.code == .overloaded)
            #expect(error?.message == "more than 2 requests in flight")
            gate.open()
            for request in held { #expect(try await request.value == "done") }
            // The slots are free again.
            #expect(try await client.request("after") == "done")
            await closeAndWait(client)
        }
    }

    @Test func closingFailsPendingRequests() async throws {
        let started = Recorder<String>()
        let handler = TestHandler(respond: { request in
            started.append(request.method)
            try await Task.sleep(for: .seconds(30))
            return .null
        })
        try await withServer(handler: handler) { running in
            let client = try await connectClient(to: running)
            let pending = Task { () async -> IPCError? in
                await ipcError { _ = try await client.request("hang", timeout: .seconds(20)) }
            }
            #expect(await eventually { started.count == 1 })
            client.close()
            let error = await pending.value
            #expect(error?.code == .unavailable)
            #expect(error?.message == "connection closed")
            let after = await ipcError { _ = try await client.request("again") }
            #expect(after?.code == .unavailable)
        }
    }
}
