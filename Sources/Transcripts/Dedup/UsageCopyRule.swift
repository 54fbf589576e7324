/// The rules that decide whether two usage lines are copies of one API response, and which copy
/// survives (claude-transcripts.md §2, §4.3). Public so the ledger can apply the same rules to
/// rows the de-duplicator's window has forgotten.
public enum UsageCopyRule {
    /// Two lines with the same `message.id` are copies when their `requestId`s are equal (both
    /// missing counts as equal), or when either is a sidechain line: `/btw` side questions and
    /// subagent replays repeat a parent message with a new `requestId` (ccusage #913).
    /// Lines without `message.id` are never copies by this rule (they are matched on `uuid`).
    public static func areCopies(_ a: TranscriptLine, _ b: TranscriptLine) -> Bool {
        guard let id = a.messageID, id == b.messageID else { return false }
        return a.requestID == b.requestID || a.isSidechain || b.isSidechain
    }

    /// True when `candidate` should replace `current`: a main-chain copy beats a sidechain
    /// copy; then the larger token total wins (early streamed copies carry placeholder output
    /// counts of 1–5); then a copy carrying `speed`. On a tie the copy seen first stays, so the
    /// result depends only on line order.
    public static func prefers(_ candidate: TranscriptLine, over current: TranscriptLine) -> Bool {
        if candidate.isSidechain != current.isSidechain { return !candidate.isSidechain }
        let candidateTotal = candidate.usage?.total ?? 0
        let currentTotal = current.usage?.total ?? 0
        if candidateTotal != currentTotal { return candidateTotal > currentTotal }
        return candidate.speed != nil && current.speed == nil
    }

    /// The ledger key of a usage line.
    public static func key(of line: TranscriptLine) -> UsageKey {
        if let messageID = line.messageID { return .response(messageID: messageID, requestID: line.requestID) }
        if let uuid = line.uuid { return .line(uuid: uuid) }
        return .unkeyed
    }
}
