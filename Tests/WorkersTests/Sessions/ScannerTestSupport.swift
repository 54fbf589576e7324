import Foundation
import Logging
import MCIPC
import MCTranscripts
import Synchronization

@testable import MCWorkers

/// A temporary `projects` root for scanner tests, removed by `remove()`.
struct ScannerTestTree {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "mc-scanner-" + UUID().uuidString + "/projects"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// The absolute path of `relative`.
    func path(_ relative: String) -> String { root + "/" + relative }

    /// Creates parent directories and writes `text` in place (truncating; same inode).
    func write(_ relative: String, _ text: String) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: full) {
            _ = FileManager.default.createFile(atPath: full, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: full))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// Appends `text`.
    func append(_ relative: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(relative)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// Replaces the file by a new one (new inode) with `text`, as an editor's atomic save does.
    func replace(_ relative: String, _ text: String) throws {
        let temporary = path(relative) + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        try FileManager.default.removeItem(atPath: path(relative))
        try FileManager.default.moveItem(atPath: temporary, toPath: path(relative))
    }

    /// Deletes a file.
    func delete(_ relative: String) throws { try FileManager.default.removeItem(atPath: path(relative)) }

    /// Removes the whole temporary tree.
    func remove() { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }

    /// A scanner over this tree with a quiet logger.
    func scanner(
        sink: RecordingIngestSink, limits: IngestBatchLimits = IngestBatchLimits(), chunkSize: Int = 1 << 20
    ) -> SessionScanner {
        var configuration = ScannerConfiguration(roots: [root])
        configuration.batchLimits = limits
        configuration.tail = TranscriptTail(chunkSize: chunkSize)
        return SessionScanner(configuration: configuration, sink: sink, logger: .quiet, now: { 1_000 })
    }
}

extension Logger {
    /// A logger that prints only critical messages, so test output stays readable.
    static var quiet: Logger {
        var logger = Logger(label: "mc-test.scanner")
        logger.logLevel = .critical
        return logger
    }
}

/// Builds transcript lines in Claude Code's format.
enum TranscriptLines {
    /// An assistant line carrying usage.
    static func assistant(
        session: String = "s1", message: String, request: String? = nil, input: Int = 100, output: Int = 50,
        model: String = "claude-sonnet-4-5-20250929", sidechain: Bool = false, agent: String? = nil
    ) -> String {
        let requestField = request.map { ",\"requestId\":\"\($0)\"" } ?? ""
        let agentField = agent.map { ",\"agentId\":\"\($0)\"" } ?? ""
        return """
            {"type":"assistant","uuid":"u-\(message)-\(output)","sessionId":"\(session)","cwd":"/home/dev/app",\
            "gitBranch":"main","timestamp":"2026-03-01T10:00:00.000Z","isSidechain":\(sidechain)\(requestField)\
            \(agentField),"message":{"id":"\(message)","model":"\(model)","usage":{"input_tokens":\(input),\
            "output_tokens":\(output),"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}

            """
    }

    /// A user line (no usage).
    static func user(session: String = "s1", text: String = "hello") -> String {
        "{\"type\":\"user\",\"sessionId\":\"\(session)\",\"message\":{\"role\":\"user\",\"content\":\"\(text)\"}}\n"
    }
}

/// A stand-in for `mc-api`: stores batches and states like the ledger (all or nothing per
/// call), and fails calls on demand.
final class RecordingIngestSink: SessionIngestSink {
    struct Store {
        var batches: [IngestBatch] = []
        var removed: [String] = []
        var states: [String: TranscriptFileState] = [:]
        var failure: IPCError?
        var failAfterCalls = 0
        var failCount = Int.max
        var calls = 0
    }

    let store = Mutex(Store())

    /// Makes `count` calls fail with `error` once `after` more calls have succeeded (all of
    /// them until `heal()` by default).
    func fail(with error: IPCError = IPCError(.unavailable, "not connected"), after: Int = 0, count: Int = .max) {
        store.withLock {
            $0.failure = error
            $0.failAfterCalls = $0.calls + after
            $0.failCount = count
        }
    }

    /// Lets calls succeed again.
    func heal() { store.withLock { $0.failure = nil } }

    private func check() throws {
        try store.withLock { store in
            store.calls += 1
            if let failure = store.failure, store.calls > store.failAfterCalls,
                store.calls - store.failAfterCalls <= store.failCount
            {
                throw failure
            }
        }
    }

    func storedStates() async throws -> [String: TranscriptFileState] {
        try check()
        return store.withLock { $0.states }
    }

    func ingest(_ batch: IngestBatch) async throws -> IngestReceipt {
        try check()
        return store.withLock { store in
            store.batches.append(batch)
            store.states[batch.file.path] = batch.file.state
            return IngestReceipt(stored: batch.records.count, replaced: 0)
        }
    }

    func fileRemoved(path: String) async throws {
        try check()
        store.withLock { store in
            store.removed.append(path)
            store.states.removeValue(forKey: path)
        }
    }

    /// Every batch stored so far.
    var batches: [IngestBatch] { store.withLock { $0.batches } }
    /// The message ids of every record stored, in order.
    var messageIDs: [String] { batches.flatMap { $0.records.compactMap(\.line.messageID) } }
    /// Calls made so far, failed ones included.
    var calls: Int { store.withLock { $0.calls } }
    /// Paths reported removed.
    var removed: [String] { store.withLock { $0.removed } }
    /// Forgets the batches received (keeps the stored states).
    func clearBatches() { store.withLock { $0.batches = [] } }
}
