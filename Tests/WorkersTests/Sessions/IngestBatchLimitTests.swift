import MCTranscripts
import Testing

@testable import MCWorkers

/// Requests stay within their record and byte limits, and each batch's state covers exactly
/// its lines.
@Suite struct IngestBatchLimitTests {
    static let file = "-home-dev-app/s1.jsonl"

    /// `count` distinct responses, one line each, all of the same length.
    static func lines(_ count: Int) -> [String] {
        (1...count).map { TranscriptLines.assistant(message: "msg_\(1000 + $0)", request: "req_\(1000 + $0)") }
    }

    func scan(_ lines: [String], limits: IngestBatchLimits) async throws -> [IngestBatch] {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        try tree.write(Self.file, lines.joined())
        let sink = RecordingIngestSink()
        let report = await tree.scanner(sink: sink, limits: limits).perform(ScanWork(restore: true, fullScan: true))
        #expect(!report.aborted)
        return sink.batches
    }

    @Test func recordsAtTheLimitTravelInOneRequest() async throws {
        let batches = try await scan(Self.lines(3), limits: IngestBatchLimits(maxRecords: 3))
        #expect(batches.map(\.records.count) == [3])
    }

    @Test func oneRecordPastTheLimitStartsASecondRequestAtItsLine() async throws {
        let lines = Self.lines(4)
        let batches = try await scan(lines, limits: IngestBatchLimits(maxRecords: 3))
        #expect(batches.map(\.records.count) == [3, 1])
        let firstEnd = Int64(lines.prefix(3).map(\.utf8.count).reduce(0, +))
        #expect(batches.first?.file.state.offset == firstEnd)
        #expect(batches.last?.file.state.offset == firstEnd + Int64(lines[3].utf8.count))
    }

    @Test func bytesAtTheLimitTravelInOneRequest() async throws {
        let lines = Self.lines(3)
        let size = try Self.recordSize(lines[0])
        let batches = try await scan(lines, limits: IngestBatchLimits(maxBytes: 3 * size))
        #expect(batches.map(\.records.count) == [3])
    }

    @Test func oneBytePastTheLimitStartsASecondRequest() async throws {
        let lines = Self.lines(3)
        let size = try Self.recordSize(lines[0])
        let batches = try await scan(lines, limits: IngestBatchLimits(maxBytes: 3 * size - 1))
        #expect(batches.map(\.records.count) == [2, 1])
    }

    @Test func aRecordLargerThanTheByteLimitTravelsAlone() async throws {
        let batches = try await scan(Self.lines(2), limits: IngestBatchLimits(maxBytes: 10))
        #expect(batches.map(\.records.count) == [1, 1])
    }

    @Test func defaultLimitsAre500RecordsAnd1MiB() {
        let limits = IngestBatchLimits()
        #expect(limits.maxRecords == 500)
        #expect(limits.maxBytes == 1 << 20)
    }

    @Test func chunkedReadsSendEveryLineOnce() async throws {
        let tree = try ScannerTestTree()
        defer { tree.remove() }
        let lines = Self.lines(20)
        try tree.write(Self.file, lines.joined())
        let sink = RecordingIngestSink()
        // Chunks smaller than two lines force many reads of one file in one scan.
        let scanner = tree.scanner(sink: sink, chunkSize: lines[0].utf8.count + 10)
        _ = await scanner.perform(ScanWork(restore: true, fullScan: true))
        #expect(sink.messageIDs == (1...20).map { "msg_\(1000 + $0)" })
    }

    @Test(arguments: [
        TranscriptLine(),
        TranscriptLine(
            uuid: "u1", sessionID: "s\"1\\\u{1}", cwd: "/home/dév/プロジェクト/😀", gitBranch: "feature/ü",
            timestampMilliseconds: -1_700_000_000_123, messageID: "msg_\n", model: "<synthetic>", requestID: "req",
            usage: TokenUsage(input: .max, output: .min, cacheCreation5m: 1, cacheCreation1h: 2, cacheRead: 3),
            speed: "fast"),
    ])
    func theEstimateIsNeverBelowTheEncodedSize(_ line: TranscriptLine) {
        let record = UsageRecord(key: UsageCopyRule.key(of: line), line: line, usage: line.usage ?? TokenUsage())
        let exact = IngestBatchBuilder.encodedSize(of: record, fallbackSessionID: "fallback-é")
        let estimate = IngestBatchBuilder.estimatedSize(of: record, fallbackSessionID: "fallback-é")
        #expect(estimate >= exact)
        #expect(estimate <= 3 * exact)
    }

    /// The estimated size of the record a line produces (what the scanner sizes batches by).
    static func recordSize(_ text: String) throws -> Int {
        var parser = TranscriptLineParser()
        let parsed = parser.parse(Array(text.utf8.dropLast()))
        let line = try #require(parsed)
        let usage = try #require(line.usage)
        let record = UsageRecord(key: UsageCopyRule.key(of: line), line: line, usage: usage)
        return IngestBatchBuilder.estimatedSize(of: record, fallbackSessionID: "s1")
    }
}
