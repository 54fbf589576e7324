import Foundation
import MCIPC
import MCTranscripts
import Testing

@testable import MCWorkers

/// The scanner against a recording sink and real files in a temporary tree.
@Suite struct SessionScannerTests {
    static let session = "11111111-1111-4111-8111-111111111111"
    static let main = "-home-dev-app/\(session).jsonl"
    static let subagent = "-home-dev-app/\(session)/subagents/agent-a1.jsonl"

    /// A walk of everything, as the periodic rescan does.
    static let full = ScanWork(restore: false, fullScan: true)

    @Test func initialScanSendsEveryTranscriptOnceDeduplicated() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        // A streamed response: a placeholder output count first, the final one later.
        try tree.write(
            Self.main,
            TranscriptLines.user(session: Self.session)
                + TranscriptLines.assistant(session: Self.session, message: "msg_1", request: "req_1", output: 2)
                + TranscriptLines.assistant(session: Self.session, message: "msg_1", request: "req_1", output: 80)
                + "{not json\n"
                + TranscriptLines.assistant(session: Self.session, message: "msg_2", request: "req_2"))
        try tree.write(
            Self.subagent,
            TranscriptLines.assistant(
                session: Self.session, message: "msg_s", request: "req_s", sidechain: true, agent: "a1"))
        try tree.write("-home-dev-app/\(Self.session)/subagents/agent-a1.meta.json", "{}")
        try tree.write("-home-dev-app/\(Self.session)/subagents/workflows/w/journal.jsonl", TranscriptLines.user())
        let sink = RecordingIngestSink()
        let scanner = tree.scanner(sink: sink)

        let report = await scanner.perform(ScanWork(restore: true, fullScan: true))

        #expect(!report.aborted)
        #expect(report.filesRead == 2)
        let batches = sink.batches
        #expect(batches.map(\.file.path) == [tree.path(Self.subagent), tree.path(Self.main)])
        let subagent = try #require(batches.first)
        #expect(subagent.file.kind == .subagent)
        #expect(subagent.file.agentID == "a1")
        #expect(subagent.file.sessionID == Self.session)
        #expect(subagent.records.map(\.flags) == [.sidechain])
        let main = try #require(batches.last)
        #expect(main.file.kind == .session)
        #expect(main.file.project == "-home-dev-app")
        #expect(main.malformed == 1)
        #expect(main.records.map(\.line.messageID) == ["msg_1", "msg_2"])
        #expect(main.records.first?.usage.output == 80)
        let size = try FileManager.default.attributesOfItem(atPath: tree.path(Self.main))[.size] as? Int
        #expect(main.file.state.offset == Int64(size ?? -1))
        #expect(await scanner.state(for: tree.path(Self.main)) == main.file.state)
    }

    @Test func appendedLinesAreTheOnlyOnesSentAgain() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        try tree.write(Self.main, TranscriptLines.assistant(message: "msg_1", request: "req_1"))
        let sink = RecordingIngestSink()
        let scanner = tree.scanner(sink: sink)
        _ = await scanner.perform(Self.full)
        sink.clearBatches()

        let unchanged = await scanner.perform(Self.full)
        #expect(unchanged.filesRead == 0)
        #expect(sink.batches.isEmpty)

        try tree.append(Self.main, TranscriptLines.assistant(message: "msg_2", request: "req_2"))
        _ = await scanner.perform(ScanWork(paths: [tree.path(Self.main)]))
        #expect(sink.messageIDs == ["msg_2"])
    }

    @Test func partialLastLineIsSentOnceCompleted() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let line = TranscriptLines.assistant(message: "msg_1", request: "req_1")
        let cut = line.index(line.startIndex, offsetBy: 40)
        try tree.write(Self.main, String(line[..<cut]))
        let sink = RecordingIngestSink()
        let scanner = tree.scanner(sink: sink)
        _ = await scanner.perform(Self.full)
        #expect(sink.messageIDs.isEmpty)
        #expect(await scanner.state(for: tree.path(Self.main))?.offset == 0)

        try tree.append(Self.main, String(line[cut...]))
        _ = await scanner.perform(Self.full)
        #expect(sink.messageIDs == ["msg_1"])
        #expect(sink.batches.last?.file.state.offset == Int64(line.utf8.count))
    }

    @Test func truncatedFileIsReadAgainFromTheStart() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        try tree.write(
            Self.main,
            TranscriptLines.assistant(message: "msg_1", request: "req_1")
                + TranscriptLines.assistant(message: "msg_2", request: "req_2"))
        let sink = RecordingIngestSink()
        let scanner = tree.scanner(sink: sink)
        _ = await scanner.perform(Self.full)
        let inode = await scanner.state(for: tree.path(Self.main))?.inode
        sink.clearBatches()

        let shorter = TranscriptLines.assistant(message: "msg_3", request: "req_3")
        try tree.write(Self.main, shorter)
        _ = await scanner.perform(Self.full)
        #expect(sink.messageIDs == ["msg_3"])
        let state = await scanner.state(for: tree.path(Self.main))
        #expect(state?.inode == inode)
        #expect(state?.offset == Int64(shorter.utf8.count))
    }

    @Test func replacedFileIsReadFromTheStartUnderItsNewInode() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        try tree.write(Self.main, TranscriptLines.assistant(message: "msg_1", request: "req_1"))
        let sink = RecordingIngestSink()
        let scanner = tree.scanner(sink: sink)
        _ = await scanner.perform(Self.full)
        let before = await scanner.state(for: tree.path(Self.main))
        sink.clearBatches()

        try tree.replace(
            Self.main,
            TranscriptLines.assistant(message: "msg_1", request: "req_1")
                + TranscriptLines.assistant(message: "msg_9", request: "req_9") + TranscriptLines.user())
        _ = await scanner.perform(Self.full)
        // Read again from the start; msg_1 is a copy of a response already stored, which the
        // de-duplicator recognises (after a restart the ledger's keys would absorb it).
        #expect(sink.messageIDs == ["msg_9"])
        let lineLength = TranscriptLines.assistant(message: "msg_1", request: "req_1").utf8.count
        #expect(sink.batches.last?.file.state.offset == Int64(2 * lineLength + TranscriptLines.user().utf8.count))
        let after = await scanner.state(for: tree.path(Self.main))
        #expect(after?.inode != before?.inode)
    }

    @Test func deletedFileIsReportedRemovedByAWalkAndByAnEvent() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let other = "-home-dev-app/22222222-2222-4222-8222-222222222222.jsonl"
        try tree.write(Self.main, TranscriptLines.assistant(message: "msg_1", request: "req_1"))
        try tree.write(other, TranscriptLines.assistant(message: "msg_2", request: "req_2"))
        let sink = RecordingIngestSink()
        let scanner = tree.scanner(sink: sink)
        _ = await scanner.perform(Self.full)

        try tree.delete(Self.main)
        let walk = await scanner.perform(Self.full)
        #expect(walk.removed == 1)
        #expect(sink.removed == [tree.path(Self.main)])
        #expect(await scanner.state(for: tree.path(Self.main)) == nil)

        try tree.delete(other)
        _ = await scanner.perform(ScanWork(paths: [tree.path(other)]))
        #expect(sink.removed == [tree.path(Self.main), tree.path(other)])
        #expect(await scanner.trackedFiles == 0)
    }

    @Test func unavailableSinkKeepsTheStateAndTheSameLinesAreSentNextTime() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        try tree.write(Self.main, TranscriptLines.assistant(message: "msg_1", request: "req_1"))
        let sink = RecordingIngestSink()
        let scanner = tree.scanner(sink: sink)
        _ = await scanner.perform(Self.full)
        let stored = await scanner.state(for: tree.path(Self.main))
        try tree.append(
            Self.main,
            TranscriptLines.assistant(message: "msg_2", request: "req_2", output: 3)
                + TranscriptLines.assistant(message: "msg_2", request: "req_2", output: 70))
        sink.clearBatches()

        sink.fail()
        let failed = await scanner.perform(Self.full)
        #expect(failed.aborted)
        #expect(sink.batches.isEmpty)
        #expect(await scanner.state(for: tree.path(Self.main)) == stored)

        sink.heal()
        let retried = await scanner.perform(Self.full)
        #expect(!retried.aborted)
        #expect(sink.messageIDs == ["msg_2"])
        #expect(sink.batches.first?.records.first?.usage.output == 70)
    }

    @Test func refusedFileIsSkippedWhileOthersGoOn() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let other = "-home-dev-app/22222222-2222-4222-8222-222222222222.jsonl"
        try tree.write(other, TranscriptLines.assistant(message: "msg_2", request: "req_2"))
        try tree.write(Self.main, TranscriptLines.assistant(message: "msg_1", request: "req_1"))
        let sink = RecordingIngestSink()
        let scanner = tree.scanner(sink: sink)
        // The first file in walk order (the main session) is refused; the second goes through.
        sink.fail(with: IPCError(.badRequest, "invalid record"), after: 1, count: 1)
        let report = await scanner.perform(ScanWork(restore: true, fullScan: true))
        sink.heal()
        #expect(!report.aborted)
        #expect(report.failedFiles == 1)
        #expect(sink.messageIDs == ["msg_2"])
        #expect(await scanner.state(for: tree.path(Self.main)) == nil)

        _ = await scanner.perform(Self.full)
        #expect(sink.messageIDs == ["msg_2", "msg_1"])
    }

    @Test func restartWithStoredStatesSendsNothingAgain() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        try tree.write(Self.main, TranscriptLines.assistant(message: "msg_1", request: "req_1"))
        try tree.write(Self.subagent, TranscriptLines.assistant(message: "msg_s", request: "req_s", sidechain: true))
        let sink = RecordingIngestSink()
        _ = await tree.scanner(sink: sink).perform(ScanWork(restore: true, fullScan: true))
        #expect(sink.messageIDs.count == 2)
        sink.clearBatches()

        // A new process: it knows nothing until mc-api gives it the stored states.
        let restarted = tree.scanner(sink: sink)
        let report = await restarted.perform(ScanWork(restore: true, fullScan: true))
        #expect(report.filesRead == 0)
        #expect(sink.batches.isEmpty)
        #expect(sink.removed.isEmpty)

        try tree.append(Self.main, TranscriptLines.assistant(message: "msg_2", request: "req_2"))
        _ = await restarted.perform(Self.full)
        #expect(sink.messageIDs == ["msg_2"])
    }

    @Test func unavailableMidFileResumesAfterTheLastStoredBatch() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let lines = (1...3).map { TranscriptLines.assistant(message: "msg_\($0)", request: "req_\($0)") }
        try tree.write(Self.main, lines.joined())
        let sink = RecordingIngestSink()
        let scanner = tree.scanner(sink: sink, limits: IngestBatchLimits(maxRecords: 1))
        _ = await scanner.perform(ScanWork(restore: true, fullScan: false))
        // The restore took a call; the first batch succeeds, the second fails.
        sink.fail(after: 1)
        let failed = await scanner.perform(Self.full)
        #expect(failed.aborted)
        #expect(sink.messageIDs == ["msg_1"])
        #expect(await scanner.state(for: tree.path(Self.main))?.offset == Int64(lines[0].utf8.count))

        sink.heal()
        _ = await scanner.perform(Self.full)
        #expect(sink.messageIDs == ["msg_1", "msg_2", "msg_3"])
    }
}
