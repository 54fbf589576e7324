import Foundation
import MCTranscripts
import Testing

@testable import MCWorkers

/// inotify wakes a scan of what changed, without waiting for the periodic rescan (set to an
/// hour here, so only inotify can explain a scan). Hangs are caught by the time limits.
@Suite struct InotifyScanTests {
    /// Runs the scan loop over `tree` until `body` returns.
    func withRunningLoop(
        _ tree: ScannerTestTree, sink: RecordingIngestSink, _ body: (InotifyWatcher) async throws -> Void
    ) async throws {
        var configuration = ScannerConfiguration(roots: [tree.root])
        configuration.rescanInterval = .seconds(3600)
        configuration.coalesceDelay = .milliseconds(20)
        let signal = ScanSignal()
        let watcher = try InotifyWatcher(roots: [tree.root], logger: .quiet) { signal.receive($0) }
        watcher.start()
        defer { watcher.stop() }
        let scanner = SessionScanner(configuration: configuration, sink: sink, logger: .quiet)
        let loop = Task {
            try await ScanLoop(
                scanner: scanner, signal: signal, configuration: configuration, watcher: watcher, logger: .quiet
            ).run()
        }
        defer { loop.cancel() }
        signal.requestRestore()
        try await body(watcher)
    }

    /// Waits until `condition` holds, polling; the test's time limit bounds the wait.
    func eventually(_ condition: () -> Bool) async throws {
        while !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test(.timeLimit(.minutes(1))) func anAppendedLineIsScannedWithoutARescan() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let file = "-home-dev-app/s1.jsonl"
        try tree.write(file, TranscriptLines.assistant(message: "msg_1", request: "req_1"))
        let sink = RecordingIngestSink()
        try await withRunningLoop(tree, sink: sink) { _ in
            try await eventually { sink.messageIDs == ["msg_1"] }
            try tree.append(file, TranscriptLines.assistant(message: "msg_2", request: "req_2"))
            try await eventually { sink.messageIDs == ["msg_1", "msg_2"] }
        }
    }

    @Test(.timeLimit(.minutes(1))) func aNewProjectDirectoryIsWatchedAndScanned() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let sink = RecordingIngestSink()
        try await withRunningLoop(tree, sink: sink) { watcher in
            try await eventually { sink.calls > 0 }
            #expect(watcher.watchCount == 1)
            try tree.write("-home-dev-new/s2/subagents/agent-b.jsonl", TranscriptLines.assistant(message: "msg_b"))
            try await eventually { sink.messageIDs == ["msg_b"] }
            try await eventually { watcher.watchCount == 4 }
            // The new directories are watched: a write in them is seen as well.
            try tree.append("-home-dev-new/s2/subagents/agent-b.jsonl", TranscriptLines.assistant(message: "msg_c"))
            try await eventually { sink.messageIDs == ["msg_b", "msg_c"] }
        }
    }

    @Test(.timeLimit(.minutes(1))) func aDeletedFileIsReportedRemoved() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let file = "-home-dev-app/s1.jsonl"
        try tree.write(file, TranscriptLines.assistant(message: "msg_1", request: "req_1"))
        let sink = RecordingIngestSink()
        try await withRunningLoop(tree, sink: sink) { _ in
            try await eventually { sink.messageIDs == ["msg_1"] }
            try tree.delete(file)
            try await eventually { sink.removed == [tree.path(file)] }
        }
    }

    @Test(.timeLimit(.minutes(1))) func anUnavailableSinkIsRetriedUntilItAnswers() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let file = "-home-dev-app/s1.jsonl"
        try tree.write(file, TranscriptLines.assistant(message: "msg_1", request: "req_1"))
        let sink = RecordingIngestSink()
        sink.fail()
        try await withRunningLoop(tree, sink: sink) { _ in
            try await eventually { sink.calls >= 2 }
            #expect(sink.batches.isEmpty)
            sink.heal()
            try await eventually { sink.messageIDs == ["msg_1"] }
        }
    }
}
