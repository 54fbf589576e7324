import Foundation
import Logging
import MCIPC
import MCShared
import MCTranscripts
import Synchronization
import Testing

@testable import MCWorkers

#if canImport(Glibc)
    import Glibc
#endif

/// The scanner's bus calls against a real IPC server that plays `mc-api`'s ledger: the wire
/// format both sides agreed on, and restarts that resume from the stored offsets.
@Suite struct BusIngestSinkTests {
    /// A minimal ledger answering `sessions.*` and remembering what it was sent.
    final class FakeLedger: IPCMessageHandler {
        struct State {
            var files: [String: JSONValue] = [:]
            var keys: Set<String> = []
            var ingests: [JSONValue] = []
            var removed: [String] = []
            var stateAnswer: JSONValue?
            var stateRequests: [JSONValue] = []
        }
        let state = Mutex(State())

        func handleRequest(_ request: IPCRequest, from connection: IPCConnection) async throws -> JSONValue {
            try state.withLock { state in
                switch request.method {
                case "sessions.state":
                    state.stateRequests.append(request.body)
                    if let answer = state.stateAnswer { return answer }
                    let after = request.body["after"]?.stringValue ?? ""
                    let limit = request.body["limit"]?.intValue ?? .max
                    let page = state.files.sorted { $0.key < $1.key }.filter { $0.key > after }
                    return [
                        "files": .array(page.prefix(limit).map { $0.value }), "more": .bool(page.count > limit),
                    ]
                case "sessions.ingest":
                    state.ingests.append(request.body)
                    guard let path = request.body["file"]?["path"]?.stringValue,
                        case .object(var entry)? = request.body["file"]?["state"]
                    else { throw IPCError(.badRequest, "no file") }
                    entry["path"] = .string(path)
                    state.files[path] = .object(entry)
                    var stored = 0
                    for record in request.body["records"]?.arrayValue ?? [] {
                        if let key = record["key"]?.stringValue, state.keys.insert(key).inserted { stored += 1 }
                    }
                    return ["stored": .number(Double(stored)), "replaced": 0]
                case "sessions.file_removed":
                    let path = request.body["path"]?.stringValue ?? ""
                    state.removed.append(path)
                    state.files.removeValue(forKey: path)
                    return .emptyObject
                default:
                    throw IPCError(.unknownMethod, "mc-api has no method '\(request.method)'")
                }
            }
        }
    }

    /// Runs `body` with a connected sink talking to `ledger` over a Unix socket.
    func withBus(_ ledger: FakeLedger, _ body: (BusIngestSink) async throws -> Void) async throws {
        var template = Array("/tmp/mcscan-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/api.sock"
        let server = try await IPCServer.bind(
            path: path, hello: IPCHello(role: "api", pid: getpid(), build: "test"), handler: ledger, logger: .quiet)
        let serving = Task { try await server.run() }
        defer {
            server.close()
            serving.cancel()
        }
        let bus = ReconnectingIPCClient(
            path: path, hello: IPCHello(role: "worker", name: "sessions", pid: getpid(), build: "test"), logger: .quiet)
        let client = Task { await bus.run() }
        defer { client.cancel() }
        while await !bus.isConnected { try await Task.sleep(for: .milliseconds(5)) }
        try await body(BusIngestSink(bus: bus, logger: .quiet))
    }

    @Test(.timeLimit(.minutes(1))) func restartOverTheBusResumesFromStoredOffsets() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let file = "-home-dev-app/s1.jsonl"
        try tree.write(file, TranscriptLines.assistant(message: "msg_1", request: "req_1") + TranscriptLines.user())
        let ledger = FakeLedger()
        try await withBus(ledger) { sink in
            let configuration = ScannerConfiguration(roots: [tree.root])
            let first = SessionScanner(configuration: configuration, sink: sink, logger: .quiet)
            let report = await first.perform(ScanWork(restore: true, fullScan: true))
            #expect(report.stored == 1)
            let body = try #require(ledger.state.withLock { $0.ingests.first })
            #expect(body["file"]?["kind"] == "session")
            #expect(body["file"]?["session_id"] == "s1")
            #expect(body["records"]?.arrayValue?.first?["key"] == "m:msg_1|req_1")
            #expect(body["malformed"] == 0)

            try tree.append(file, TranscriptLines.assistant(message: "msg_2", request: "req_2"))
            let restarted = SessionScanner(configuration: configuration, sink: sink, logger: .quiet)
            let resumed = await restarted.perform(ScanWork(restore: true, fullScan: true))
            #expect(resumed.records == 1)
            let keys = ledger.state.withLock { $0.ingests.compactMap { $0["records"]?.arrayValue } }.flatMap { $0 }
                .compactMap { $0["key"]?.stringValue }
            #expect(keys == ["m:msg_1|req_1", "m:msg_2|req_2"])

            try tree.delete(file)
            _ = await restarted.perform(ScanWork(fullScan: true))
            #expect(ledger.state.withLock { $0.removed } == [tree.path(file)])
        }
    }

    @Test(.timeLimit(.minutes(1))) func storedStatesArriveInPages() async throws {
        let ledger = FakeLedger()
        ledger.state.withLock { state in
            for name in ["a", "b", "c", "d", "e"] {
                state.files["/p/\(name).jsonl"] = [
                    "path": .string("/p/\(name).jsonl"), "device": 1, "inode": 2, "size": 3, "offset": 3,
                ]
            }
        }
        try await withBus(ledger) { sink in
            var paged = sink
            paged.statePageSize = 2
            let states = try await paged.storedStates()
            #expect(states.keys.sorted() == ["/p/a.jsonl", "/p/b.jsonl", "/p/c.jsonl", "/p/d.jsonl", "/p/e.jsonl"])
            let requests = ledger.state.withLock { $0.stateRequests }
            #expect(
                requests == [["limit": 2], ["after": "/p/b.jsonl", "limit": 2], ["after": "/p/d.jsonl", "limit": 2]])
        }
    }

    @Test(.timeLimit(.minutes(1))) func aStateAnswerWithoutFilesIsAProtocolError() async throws {
        let ledger = FakeLedger()
        ledger.state.withLock { $0.stateAnswer = ["entries": []] }
        try await withBus(ledger) { sink in
            do {
                _ = try await sink.storedStates()
                Issue.record("expected an error")
            } catch let error as IPCError {
                #expect(error.code == .protocol)
                #expect(error.message == "sessions.state answered without a 'files' array")
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func invalidStoredStatesAreSkipped() async throws {
        let ledger = FakeLedger()
        ledger.state.withLock {
            $0.stateAnswer = [
                "files": [
                    ["path": "/p/a.jsonl", "device": 1, "inode": 2, "size": 30, "offset": 20],
                    ["path": "/p/b.jsonl", "device": 1],
                ]
            ]
        }
        try await withBus(ledger) { sink in
            let states = try await sink.storedStates()
            #expect(states == ["/p/a.jsonl": TranscriptFileState(device: 1, inode: 2, size: 30, offset: 20)])
        }
    }

    @Test func aDisconnectedBusStopsTheScanForARetry() async throws {
        let bus = ReconnectingIPCClient(
            path: "/nonexistent/api.sock", hello: IPCHello(role: "worker", pid: getpid(), build: "test"),
            logger: .quiet)
        let sink = BusIngestSink(bus: bus, logger: .quiet)
        let scanner = SessionScanner(configuration: ScannerConfiguration(roots: []), sink: sink, logger: .quiet)
        let report = await scanner.perform(ScanWork(restore: true, fullScan: true))
        #expect(report.aborted)
        do {
            _ = try await sink.storedStates()
            Issue.record("expected an error")
        } catch let error as IPCError {
            #expect(error.code == .unavailable)
            #expect(error.message == "not connected to /nonexistent/api.sock")
        }
    }
}
