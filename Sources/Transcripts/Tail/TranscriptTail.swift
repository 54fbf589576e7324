#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads what was appended to a transcript since its recorded state, in bounded chunks.
///
/// `read(path:state:)` never mutates anything: it returns the complete new lines and the state
/// to record after they are stored, so a crash between the two re-reads the lines instead of
/// losing them (the ledger's unique keys make the re-read harmless). It never consumes a
/// partial last line: the next read starts at that line. Memory per read is at most
/// `chunkSize`, or `maxLineBytes` for a single line longer than a chunk; a longer line is
/// skipped and counted. Splitting happens only at `\n`, which never occurs inside a multi-byte
/// UTF-8 sequence, so a chunk boundary inside a character is just a partial line.
public struct TranscriptTail: Sendable, Hashable {
    /// Bytes read per call (1 MiB by default).
    public var chunkSize: Int
    /// The longest line kept, without its newline (16 MiB by default: real lines with pasted
    /// images reach a few MiB).
    public var maxLineBytes: Int

    /// A reader with the given bounds.
    public init(chunkSize: Int = 1 << 20, maxLineBytes: Int = 16 << 20) {
        self.chunkSize = max(1, chunkSize)
        self.maxLineBytes = max(self.chunkSize, maxLineBytes)
    }

    /// Reads the next complete lines of `path` after `state` (nil for a file never read).
    public func read(path: String, state: TranscriptFileState?) throws(TranscriptTailError) -> TranscriptTailRead {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return Self.deleted }
            throw TranscriptTailError(path: path, operation: "open", code: code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TranscriptTailError(path: path, operation: "fstat", code: errno) }
        let device = UInt64(info.st_dev)
        let inode = UInt64(info.st_ino)
        let size = Int64(info.st_size)

        let change: TranscriptFileChange
        var start: Int64 = 0
        if let state {
            if state.device != device || state.inode != inode {
                change = .replaced
            } else if size < state.offset {
                change = .truncated
            } else if size == state.size {
                return TranscriptTailRead(
                    change: .unchanged, lines: [], skippedOversizedLines: 0, nextState: state, hasMore: false)
            } else {
                change = .appended
                start = state.offset
            }
        } else {
            change = .new
        }
        var file = FileReader(fd: fd, path: path, size: size)
        var result = try readLines(from: &file, at: start)
        result.change = change
        result.nextState = TranscriptFileState(
            device: device, inode: inode, size: result.nextState?.size ?? size,
            offset: result.nextState?.offset ?? start)
        return result
    }

    private static let deleted = TranscriptTailRead(
        change: .deleted, lines: [], skippedOversizedLines: 0, nextState: nil, hasMore: false)

    /// Reads one chunk from `start` (growing it up to `maxLineBytes` for a long first line) and
    /// splits it into complete lines. The returned `nextState` carries only offset and size.
    private func readLines(from file: inout FileReader, at start: Int64) throws(TranscriptTailError)
        -> TranscriptTailRead
    {
        var buffer = try file.read(at: start, count: chunkSize)
        var lastNewline = buffer.lastIndex(of: 0x0A)
        // A line longer than one chunk: keep reading until its end or the line limit.
        // One byte beyond the limit is read so that a line of exactly `maxLineBytes` shows its newline.
        while lastNewline == nil, start + Int64(buffer.count) < file.size, buffer.count <= maxLineBytes {
            let before = buffer.count
            let more = try file.read(at: start + Int64(before), count: min(chunkSize, maxLineBytes + 1 - before))
            if more.isEmpty { break }  // the file shrank under us; the next read sees it
            buffer += more
            lastNewline = buffer[before...].lastIndex(of: 0x0A)
        }
        let examined = start + Int64(buffer.count)
        guard let lastNewline else {
            if buffer.count > maxLineBytes {
                return try skipOversizedLine(in: &file, from: examined, lineStart: start)
            }
            // Only a partial last line: consume nothing, and wait for it to be completed.
            return Self.result(lines: [], skipped: 0, offset: start, examined: examined, size: file.size)
        }
        var lines: [TranscriptTailLine] = []
        var lineStart = 0
        while lineStart <= lastNewline {
            let end = buffer[lineStart...lastNewline].firstIndex(of: 0x0A) ?? lastNewline
            lines.append(TranscriptTailLine(offset: start + Int64(lineStart), bytes: buffer[lineStart..<end]))
            lineStart = end + 1
        }
        return Self.result(
            lines: lines, skipped: 0, offset: start + Int64(lastNewline + 1), examined: examined, size: file.size)
    }

    /// Skips a line longer than `maxLineBytes`, discarding chunks until its newline. When the
    /// file ends first the line is still being written: nothing is consumed.
    private func skipOversizedLine(in file: inout FileReader, from position: Int64, lineStart: Int64)
        throws(TranscriptTailError) -> TranscriptTailRead
    {
        var position = position
        while position < file.size {
            let chunk = try file.read(at: position, count: chunkSize)
            if let newline = chunk.firstIndex(of: 0x0A) {
                let offset = position + Int64(newline + 1)
                return Self.result(lines: [], skipped: 1, offset: offset, examined: offset, size: file.size)
            }
            position += Int64(chunk.count)
        }
        return Self.result(lines: [], skipped: 0, offset: lineStart, examined: position, size: file.size)
    }

    private static func result(lines: [TranscriptTailLine], skipped: Int, offset: Int64, examined: Int64, size: Int64)
        -> TranscriptTailRead
    {
        TranscriptTailRead(
            change: .appended, lines: lines, skippedOversizedLines: skipped,
            nextState: TranscriptFileState(device: 0, inode: 0, size: examined, offset: offset),
            hasMore: examined < size)
    }
}

/// `pread` over an open descriptor, bounded by the size seen at `fstat` so that bytes appended
/// during the read wait for the next one (the state then describes exactly what was read).
struct FileReader {
    let fd: Int32
    let path: String
    let size: Int64

    /// Up to `count` bytes at `offset`, fewer at the recorded end of the file.
    func read(at offset: Int64, count: Int) throws(TranscriptTailError) -> [UInt8] {
        let wanted = Int(max(0, min(Int64(count), size - offset)))
        guard wanted > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: wanted)
        var filled = 0
        while filled < wanted {
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress! + filled, wanted - filled, off_t(offset) + off_t(filled))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw TranscriptTailError(path: path, operation: "pread", code: errno)
            }
            if got == 0 { break }  // shrank while reading
            filled += got
        }
        if filled < wanted { buffer.removeLast(wanted - filled) }
        return buffer
    }
}
