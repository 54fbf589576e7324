import MCShared
import MCTranscripts

/// The wire form of the scanner's bus calls (the contract `mc-api`'s ledger implements).
extension IngestBatch {
    /// The `sessions.ingest` body: `{"file": {...}, "records": [...], "malformed": n}`.
    var jsonBody: JSONValue {
        [
            "file": file.json,
            "records": .array(records.map { $0.ingestJSON(fallbackSessionID: file.sessionID) }),
            "malformed": .number(Double(malformed)),
        ]
    }
}

extension IngestFile {
    /// `{"path", "state", "session_id", "project", "agent_id"|null, "kind"}`.
    var json: JSONValue {
        [
            "path": .string(path), "state": state.json, "session_id": .string(sessionID),
            "project": .string(project), "agent_id": agentID.map(JSONValue.string) ?? .null,
            "kind": .string(kind.rawValue),
        ]
    }
}

extension TranscriptFileState {
    /// `{"device", "inode", "size", "offset"}`. JSON numbers are doubles: values above 2^53
    /// lose precision, which `TrackedFileStates` tolerates when it compares them.
    var json: JSONValue {
        [
            "device": .number(Double(device)), "inode": .number(Double(inode)),
            "size": .number(Double(size)), "offset": .number(Double(offset)),
        ]
    }

    /// Decodes one entry of the `sessions.state` answer; nil when a field is missing or invalid.
    static func fromStoredEntry(_ entry: JSONValue) -> (path: String, state: TranscriptFileState)? {
        guard let path = entry["path"]?.stringValue, !path.isEmpty,
            let device = entry["device"]?.doubleValue, let inode = entry["inode"]?.doubleValue,
            let size = entry["size"]?.intValue, let offset = entry["offset"]?.intValue,
            device >= 0, inode >= 0, device < 1.8e19, inode < 1.8e19, offset >= 0, size >= 0
        else { return nil }
        return (
            path,
            TranscriptFileState(device: UInt64(device), inode: UInt64(inode), size: Int64(size), offset: Int64(offset))
        )
    }
}

extension UsageRecord {
    /// One record of the ingest body. `timestamp_ms` is the line's own timestamp; the scanner
    /// fills in a fallback before building a batch, so it is never missing on the wire.
    func ingestJSON(fallbackSessionID: String) -> JSONValue {
        [
            "key": key.storageKey.map(JSONValue.string) ?? .null,
            "session_id": .string(line.sessionID ?? fallbackSessionID),
            "message_id": line.messageID.map(JSONValue.string) ?? .null,
            "request_id": line.requestID.map(JSONValue.string) ?? .null,
            "model": line.model.map(JSONValue.string) ?? .null,
            "timestamp_ms": line.timestampMilliseconds.map { .number(Double($0)) } ?? .null,
            "cwd": line.cwd.map(JSONValue.string) ?? .null,
            "git_branch": line.gitBranch.map(JSONValue.string) ?? .null,
            "sidechain": .bool(line.isSidechain),
            "speed": line.speed.map(JSONValue.string) ?? .null,
            "flags": .array(flags.names.map(JSONValue.string)),
            "usage": [
                "input": .number(Double(usage.input)), "output": .number(Double(usage.output)),
                "cache_creation_5m": .number(Double(usage.cacheCreation5m)),
                "cache_creation_1h": .number(Double(usage.cacheCreation1h)),
                "cache_read": .number(Double(usage.cacheRead)),
            ],
        ]
    }
}

extension UsageFlags {
    /// The flags' wire names, in a fixed order: `synthetic`, `no_model`, `api_error`,
    /// `sidechain`, `unkeyed`.
    var names: [String] {
        let all: [(UsageFlags, String)] = [
            (.synthetic, "synthetic"), (.noModel, "no_model"), (.apiError, "api_error"), (.sidechain, "sidechain"),
            (.unkeyed, "unkeyed"),
        ]
        return all.filter { contains($0.0) }.map(\.1)
    }
}

extension IngestReceipt {
    /// Decodes `{"stored": n, "replaced": n}`; missing counts read as 0 (the state was stored
    /// all the same: the answer is a success).
    init(json: JSONValue) {
        self.init(stored: json["stored"]?.intValue ?? 0, replaced: json["replaced"]?.intValue ?? 0)
    }
}
