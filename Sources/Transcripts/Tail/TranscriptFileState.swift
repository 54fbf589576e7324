/// What the scanner remembers about one transcript file between reads. `mc-api` stores it and
/// hands it back, so it is a plain value; it advances only once the lines it covers are stored.
public struct TranscriptFileState: Sendable, Hashable, Codable {
    /// `st_dev` of the file.
    public var device: UInt64
    /// `st_ino` of the file.
    public var inode: UInt64
    /// How far the last read looked: the offset plus any partial last line, or less than the
    /// file's size when the chunk limit stopped the read. A file still this size has nothing new.
    public var size: Int64
    /// The byte just after the last complete line consumed; a partial last line starts here.
    public var offset: Int64

    /// Creates a state.
    public init(device: UInt64, inode: UInt64, size: Int64, offset: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.offset = offset
    }
}

/// What happened to a file since its recorded state.
public enum TranscriptFileChange: Sendable, Hashable {
    /// Never seen before (no state): read from the start.
    case new
    /// Same file, same size: nothing was read.
    case unchanged
    /// Same file, grown: only the appended bytes were read.
    case appended
    /// Same file, now shorter than the recorded offset: it was truncated or rewritten, so it is
    /// read again from the start. Lines stored earlier stay in the ledger; its unique keys
    /// absorb the lines that are read again.
    case truncated
    /// Another file now has this path (device or inode changed): read from the start.
    case replaced
    /// The file is gone: there is no next state. The ledger keeps what was read.
    case deleted
}

/// One complete line read from a transcript.
public struct TranscriptTailLine: Sendable, Hashable {
    /// Offset of the line's first byte in the file.
    public var offset: Int64
    /// The line's bytes, without the newline (a slice of the read buffer: no copy per line).
    public var bytes: ArraySlice<UInt8>

    /// Creates a line.
    public init(offset: Int64, bytes: ArraySlice<UInt8>) {
        self.offset = offset
        self.bytes = bytes
    }
}

/// The result of one bounded read of a transcript.
public struct TranscriptTailRead: Sendable, Hashable {
    /// What happened to the file.
    public var change: TranscriptFileChange
    /// The complete lines read, in file order.
    public var lines: [TranscriptTailLine]
    /// Lines longer than the reader's line limit, skipped whole (they are counted, not stored).
    public var skippedOversizedLines: Int
    /// The state to record once `lines` are stored; nil when the file was deleted.
    public var nextState: TranscriptFileState?
    /// True when complete lines remain after this read (the chunk limit stopped it): read again
    /// with `nextState`.
    public var hasMore: Bool

    /// Creates a result.
    public init(
        change: TranscriptFileChange, lines: [TranscriptTailLine], skippedOversizedLines: Int,
        nextState: TranscriptFileState?, hasMore: Bool
    ) {
        self.change = change
        self.lines = lines
        self.skippedOversizedLines = skippedOversizedLines
        self.nextState = nextState
        self.hasMore = hasMore
    }
}
