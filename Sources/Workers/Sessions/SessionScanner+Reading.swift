import Logging
import MCTranscripts

extension SessionScanner {
    /// What became of one request.
    enum SendOutcome {
        case stored
        /// The sink refused it: skip the file for this scan.
        case refused
        /// The sink is unavailable: stop the scan.
        case unavailable
    }

    /// Reads everything new in `file` after `known`, chunk by chunk, sending each chunk's
    /// records with the state that covers them. False when the scan must stop.
    func read(_ file: TranscriptFile, from known: TranscriptFileState?, into report: inout ScanReport) async -> Bool {
        var state = known
        var first = true
        while true {
            let read: TranscriptTailRead
            do {
                read = try configuration.tail.read(path: file.path, state: state)
            } catch {
                // Permissions or I/O: retried at the next scan; other files go on.
                report.failedFiles += 1
                logger.warning("cannot read transcript", metadata: ["mc.path": "\(file.path)", "mc.error": "\(error)"])
                return true
            }
            switch read.change {
            case .deleted:
                guard states.state(for: file.path) != nil else { return true }
                return await removeTracked(file.path, into: &report)
            case .unchanged:
                return true
            case .truncated, .replaced:
                logger.info(
                    "transcript rewritten; reading it again from the start",
                    metadata: ["mc.path": "\(file.path)", "mc.scan.change": "\(read.change)"])
            case .new, .appended:
                break
            }
            if first { report.filesRead += 1 }
            first = false
            guard let next = await send(read, of: file, after: state, into: &report) else {
                return !report.aborted
            }
            state = next
            if !read.hasMore { return true }
        }
    }

    /// Parses one chunk's lines and sends their records in bounded batches, each with the
    /// state just after its last line. Returns the state reached, or nil when a batch was not
    /// stored (the states and the de-duplicator then stay at the last stored batch).
    private func send(
        _ read: TranscriptTailRead, of file: TranscriptFile, after previous: TranscriptFileState?,
        into report: inout ScanReport
    ) async -> TranscriptFileState? {
        guard let end = read.nextState else { return nil }
        var working = deduplicator
        var parser = TranscriptLineParser()
        var builder = IngestBatchBuilder(limits: configuration.batchLimits)
        var malformed = read.skippedOversizedLines
        var lastTimestamp: Int64?
        var lineSessionID: String?
        for line in read.lines {
            let malformedBefore = parser.malformedLines
            guard var parsed = parser.parse(line.bytes) else {
                malformed += parser.malformedLines - malformedBefore
                continue
            }
            lineSessionID = lineSessionID ?? parsed.sessionID
            if let timestamp = parsed.timestampMilliseconds {
                lastTimestamp = timestamp
            } else if parsed.usage != nil {
                parsed.timestampMilliseconds = lastTimestamp ?? now()
            }
            guard let usage = parsed.usage else { continue }
            let size = IngestBatchBuilder.estimatedSize(
                of: UsageRecord(key: UsageCopyRule.key(of: parsed), line: parsed, usage: usage),
                fallbackSessionID: Self.sessionID(of: file, lineSessionID: lineSessionID))
            if builder.wouldOverflow(adding: size) {
                // The batch ends before this line; its state points at the line's first byte.
                let covered = TranscriptFileState(
                    device: end.device, inode: end.inode, size: line.offset, offset: line.offset)
                let batch = makeBatch(file, covered, builder.take(), malformed, lineSessionID)
                guard await deliver(batch, into: &report) == .stored else { return nil }
                deduplicator = working
                malformed = 0
            }
            if let change = working.add(parsed) { builder.add(change, size: size) }
        }
        let consumedNothing =
            builder.records.isEmpty && malformed == 0 && previous?.offset == end.offset
            && previous?.device == end.device && previous?.inode == end.inode
        if consumedNothing {
            // Only a partial line grew: nothing to store; remember how far we looked so an
            // unchanged file is not read again (a restart just reads the partial line again).
            states.set(end, for: file.path)
            return end
        }
        let batch = makeBatch(file, end, builder.take(), malformed, lineSessionID)
        guard await deliver(batch, into: &report) == .stored else { return nil }
        deduplicator = working
        return end
    }

    private func makeBatch(
        _ file: TranscriptFile, _ state: TranscriptFileState, _ records: [UsageRecord], _ malformed: Int,
        _ lineSessionID: String?
    ) -> IngestBatch {
        let ingestFile = IngestFile(
            path: file.path, state: state, sessionID: Self.sessionID(of: file, lineSessionID: lineSessionID),
            project: file.projectSlug, agentID: file.agentID, kind: file.kind)
        return IngestBatch(file: ingestFile, records: records, malformed: malformed)
    }

    /// The session a file's records belong to. The old flat subagent layout names no session:
    /// take the lines' own, else the file stem.
    static func sessionID(of file: TranscriptFile, lineSessionID: String?) -> String {
        file.sessionID ?? lineSessionID ?? String(file.path.split(separator: "/").last?.dropLast(".jsonl".count) ?? "")
    }

    /// Sends one batch; on success records the state it carried.
    private func deliver(_ batch: IngestBatch, into report: inout ScanReport) async -> SendOutcome {
        let receipt: IngestReceipt
        do {
            receipt = try await sink.ingest(batch)
        } catch {
            return handleSinkError(error, path: batch.file.path, into: &report) ? .refused : .unavailable
        }
        states.set(batch.file.state, for: batch.file.path)
        report.batches += 1
        report.records += batch.records.count
        report.stored += receipt.stored
        report.replaced += receipt.replaced
        report.malformed += batch.malformed
        return .stored
    }
}
