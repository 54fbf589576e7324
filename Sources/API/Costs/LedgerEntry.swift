import MCTranscripts

/// One row for `usage_ledger` before it is priced: what the scanner or an agent reported about
/// one API response. The writer prices it with the catalog in force at write time.
struct LedgerEntry: Sendable, Hashable {
    /// Where the row came from (`usage_ledger.source`).
    enum Source: String, Sendable {
        case transcript, report
    }

    var storageKey: String?
    var source: Source
    var sessionID: String?
    var projectSlug: String? = nil
    var cwd: String? = nil
    var gitBranch: String? = nil
    var agentName: String? = nil
    var subagentID: String? = nil
    var taskID: Int64? = nil
    var messageID: String? = nil
    var requestID: String? = nil
    var sidechain = false
    var speed: String? = nil
    var model: String?
    var timestampMs: Int64
    var usage: TokenUsage
    /// Flags from the reporter (`synthetic`, `no_model`, `api_error`, `sidechain`, `unkeyed`);
    /// the writer adds the pricing flags.
    var flags: [String] = []
    var operation: String? = nil
    var workspaceID: Int64 = 1

    /// The entry as a transcript line, so `UsageCopyRule` can compare it with a stored row.
    var copyLine: TranscriptLine {
        TranscriptLine(isSidechain: sidechain, messageID: messageID, model: model, requestID: requestID, usage: usage, speed: speed)
    }
}

extension CostFlags {
    /// The names stored in `usage_ledger.flags` and shown by the routes.
    var names: [String] {
        let all: [(CostFlags, String)] = [
            (.unknownModel, "unknown_model"), (.noModel, "no_model"), (.synthetic, "synthetic"),
            (.longContext, "long_context"), (.fastMode, "fast_mode"), (.fastModeUnpriced, "fast_mode_unpriced"),
        ]
        return all.compactMap { contains($0.0) ? $0.1 : nil }
    }
}
