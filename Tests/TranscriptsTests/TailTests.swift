import Foundation
import Testing

@testable import MCTranscripts

@Suite struct TailTests {
    /// The text of each line read.
    func texts(_ read: TranscriptTailRead) -> [String] {
        read.lines.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func newFileThenAppendReadsOnlyAppendedLines() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        try dir.write("s.jsonl", "{\"a\":1}\n{\"b\":2}\n")
        let tail = TranscriptTail()
        let first = try tail.read(path: path, state: nil)
        #expect(first.change == .new)
        #expect(texts(first) == ["{\"a\":1}", "{\"b\":2}"])
        #expect(first.lines.map(\.offset) == [0, 8])
        #expect(first.nextState?.offset == 16)
        #expect(first.hasMore == false)

        let again = try tail.read(path: path, state: first.nextState)
        #expect(again.change == .unchanged)
        #expect(again.lines.isEmpty)

        try dir.append("s.jsonl", "{\"c\":3}\n")
        let appended = try tail.read(path: path, state: first.nextState)
        #expect(appended.change == .appended)
        #expect(texts(appended) == ["{\"c\":3}"])
        #expect(appended.lines.first?.offset == 16)
        #expect(appended.nextState?.offset == 24)
    }

    @Test func partialLastLineIsKeptUntilCompleted() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        try dir.write("s.jsonl", "{\"a\":1}\n{\"b\":")
        let tail = TranscriptTail()
        let first = try tail.read(path: path, state: nil)
        #expect(texts(first) == ["{\"a\":1}"])
        #expect(first.nextState?.offset == 8)
        #expect(first.nextState?.size == 13)
        // Nothing new: the partial line is not re-delivered or consumed.
        let waiting = try tail.read(path: path, state: first.nextState)
        #expect(waiting.change == .unchanged)
        #expect(waiting.lines.isEmpty)
        try dir.append("s.jsonl", "2}\n")
        let completed = try tail.read(path: path, state: first.nextState)
        #expect(texts(completed) == ["{\"b\":2}"])
        #expect(completed.lines.first?.offset == 8)
        #expect(completed.nextState?.offset == 16)
    }

    @Test func truncationRestartsFromTheBeginning() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        try dir.write("s.jsonl", "{\"a\":1}\n{\"b\":2}\n")
        let tail = TranscriptTail()
        let state = try #require(try tail.read(path: path, state: nil).nextState)
        try dir.write("s.jsonl", "{\"z\":9}\n")  // same inode, shorter than offset 16
        let read = try tail.read(path: path, state: state)
        #expect(read.change == .truncated)
        #expect(texts(read) == ["{\"z\":9}"])
        #expect(read.nextState?.offset == 8)
        #expect(read.nextState?.inode == state.inode)
    }

    @Test func replacementByANewInodeRestartsFromTheBeginning() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        try dir.write("s.jsonl", "{\"a\":1}\n")
        let tail = TranscriptTail()
        let state = try #require(try tail.read(path: path, state: nil).nextState)
        // Write a longer file elsewhere and rename it over the old one (an atomic replace).
        try dir.write("other.jsonl", "{\"x\":1}\n{\"y\":2}\n")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: dir.path + "/other.jsonl", toPath: path)
        let read = try tail.read(path: path, state: state)
        #expect(read.change == .replaced)
        #expect(texts(read) == ["{\"x\":1}", "{\"y\":2}"])
        #expect(read.nextState?.inode != state.inode)
    }

    @Test func deletionHasNoNextState() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        try dir.write("s.jsonl", "{\"a\":1}\n")
        let tail = TranscriptTail()
        let state = try tail.read(path: path, state: nil).nextState
        try FileManager.default.removeItem(atPath: path)
        let read = try tail.read(path: path, state: state)
        #expect(read.change == .deleted)
        #expect(read.nextState == nil)
        #expect(read.lines.isEmpty)
    }

    @Test func unreadableFileThrowsWithTheReason() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // A directory opens but cannot be read as a file: pread fails with EISDIR.
        try FileManager.default.createDirectory(atPath: dir.path + "/d.jsonl", withIntermediateDirectories: true)
        #expect(throws: TranscriptTailError.self) { try TranscriptTail().read(path: dir.path + "/d.jsonl", state: nil) }
    }

    /// Reads a file to its end with `tail`, applying each next state as a caller would.
    func readAll(_ tail: TranscriptTail, path: String, state: TranscriptFileState? = nil) throws
        -> (lines: [String], state: TranscriptFileState?, reads: Int)
    {
        var state = state
        var lines: [String] = []
        var reads = 0
        repeat {
            let read = try tail.read(path: path, state: state)
            reads += 1
            lines += texts(read)
            state = read.nextState
            if !read.hasMore { break }
        } while reads < 1000
        return (lines, state, reads)
    }

    @Test func chunkBoundariesInsideLinesAndMultiByteCharacters() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        // "é" is 2 bytes, "✓" 3 bytes and "😀" 4: with 5-byte chunks boundaries fall inside them.
        let lines = ["{\"t\":\"café\"}", "{\"t\":\"✓✓✓\"}", "{\"t\":\"😀\"}", "{}"]
        try dir.write("s.jsonl", lines.joined(separator: "\n") + "\n")
        for chunk in [1, 2, 3, 5, 7, 13, 64] {
            let tail = TranscriptTail(chunkSize: chunk, maxLineBytes: 1024)
            let result = try readAll(tail, path: path)
            #expect(result.lines == lines, "chunk \(chunk)")
            #expect(result.state?.offset == Int64(lines.joined(separator: "\n").utf8.count + 1))
        }
    }

    @Test func aLineLongerThanAChunkIsAssembledUpToTheLineLimit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        let long = "{\"x\":\"" + String(repeating: "a", count: 100) + "\"}"  // 108 bytes
        try dir.write("s.jsonl", long + "\n{}\n")
        // At the limit: 108-byte line, chunk 16, limit 108 → kept.
        let kept = try readAll(TranscriptTail(chunkSize: 16, maxLineBytes: 108), path: path)
        #expect(kept.lines == [long, "{}"])
        // One past the limit (108-byte line, limit 107): skipped whole, counted, offset after it.
        let skippedTail = TranscriptTail(chunkSize: 1, maxLineBytes: 107)
        let first = try skippedTail.read(path: path, state: nil)
        #expect(first.lines.isEmpty)
        #expect(first.skippedOversizedLines == 1)
        #expect(first.nextState?.offset == 109)
        #expect(try readAll(skippedTail, path: path, state: first.nextState).lines == ["{}"])
    }

    @Test func anOversizedLineStillBeingWrittenIsNotConsumed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        try dir.write("s.jsonl", String(repeating: "b", count: 50))
        let read = try TranscriptTail(chunkSize: 8, maxLineBytes: 16).read(path: path, state: nil)
        #expect(read.lines.isEmpty)
        #expect(read.skippedOversizedLines == 0)
        #expect(read.nextState?.offset == 0)
    }

    @Test func chunkLimitReportsMoreAndResumes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        try dir.write("s.jsonl", (0..<100).map { "{\"n\":\($0)}" }.joined(separator: "\n") + "\n")
        let tail = TranscriptTail(chunkSize: 64, maxLineBytes: 64)
        let first = try tail.read(path: path, state: nil)
        #expect(first.hasMore)
        #expect((first.nextState?.size ?? 0) < 1000)
        let all = try readAll(tail, path: path)
        #expect(all.lines == (0..<100).map { "{\"n\":\($0)}" })
        #expect(all.reads > 10)
    }
    @Test func aCharacterSplitByTheWriterIsCompletedLater() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/s.jsonl"
        let check = Array("✓".utf8)  // E2 9C 93
        try dir.write("s.jsonl", Array("{}\n{\"t\":\"".utf8) + check.prefix(2))
        let tail = TranscriptTail()
        let first = try tail.read(path: path, state: nil)
        #expect(texts(first) == ["{}"])
        try dir.append("s.jsonl", Array(check.suffix(1)) + Array("\"}\n".utf8))
        let second = try tail.read(path: path, state: first.nextState)
        #expect(texts(second) == ["{\"t\":\"✓\"}"])
    }

    @Test func aRenamedFileKeepsItsStateUnderTheNewPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("old.jsonl", "{\"a\":1}\n")
        let tail = TranscriptTail()
        let state = try tail.read(path: dir.path + "/old.jsonl", state: nil).nextState
        try FileManager.default.moveItem(atPath: dir.path + "/old.jsonl", toPath: dir.path + "/new.jsonl")
        try dir.append("new.jsonl", "{\"b\":2}\n")
        #expect(try tail.read(path: dir.path + "/old.jsonl", state: state).change == .deleted)
        // Same device and inode: a scanner that matches states by inode reads only the new line.
        let moved = try tail.read(path: dir.path + "/new.jsonl", state: state)
        #expect(moved.change == .appended)
        #expect(texts(moved) == ["{\"b\":2}"])
    }
}
