import MCShared

extension TranscriptLine {
    /// Reads one transcript line (without its newline). Returns nil when the bytes are not a
    /// JSON object; callers count those as malformed and go on (`TranscriptLineParser`).
    ///
    /// A legacy `progress` line (Claude Code 2.1.x before 2.1.177) may nest a subagent's full
    /// assistant line in `data.message`; its usage is unwrapped so it is not lost
    /// (claude-transcripts.md §4.2). Such a copy is also in the subagent's own file; the
    /// de-duplicator merges the two on `message.id`.
    public static func parse(_ bytes: some Collection<UInt8>) -> TranscriptLine? {
        guard let value = try? JSONValue.parse(bytes), case .object(let fields) = value else { return nil }
        var line = TranscriptLine(object: fields)
        if line.usage == nil, line.type == "progress", case .object(let nested)? = value["data"]?["message"],
            nested["message"]?["usage"] != nil
        {
            var inner = TranscriptLine(object: nested)
            inner.sessionID = inner.sessionID ?? line.sessionID
            inner.cwd = inner.cwd ?? line.cwd
            inner.gitBranch = inner.gitBranch ?? line.gitBranch
            inner.version = inner.version ?? line.version
            inner.timestampMilliseconds = inner.timestampMilliseconds ?? line.timestampMilliseconds
            // A subagent's message wherever it is written: treat it as the sidechain copy.
            inner.isSidechain = true
            inner.isUnwrappedProgress = true
            line = inner
        }
        return line
    }

    /// True when `bytes` contain `"usage"`: a line without it carries no usage, so a reader
    /// that only needs costs can skip parsing it (most bytes of real transcripts are user and
    /// tool-result lines).
    public static func mayCarryUsage(_ bytes: some Collection<UInt8>) -> Bool {
        let needle: [UInt8] = Array("\"usage\"".utf8)
        let found = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
            guard buffer.count >= needle.count else { return false }
            var index = 0
            let last = buffer.count - needle.count
            while index <= last {
                if buffer[index] == 0x22, buffer[index + 1] == 0x75 {
                    var matched = true
                    for offset in 2..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
                index += 1
            }
            return false
        }
        return found ?? mayCarryUsage(Array(bytes))
    }

    /// Picks the known fields out of a parsed line object.
    init(object fields: [String: JSONValue]) {
        let message = fields["message"]
        let usageValue = message?["usage"]
        self.init(
            type: fields["type"]?.stringValue,
            uuid: Self.nonEmpty(fields["uuid"]),
            sessionID: Self.nonEmpty(fields["sessionId"]),
            agentID: Self.nonEmpty(fields["agentId"]),
            cwd: Self.nonEmpty(fields["cwd"]),
            gitBranch: Self.nonEmpty(fields["gitBranch"]),
            version: Self.nonEmpty(fields["version"]),
            timestampMilliseconds: fields["timestamp"]?.stringValue.flatMap { ISO8601Timestamp.milliseconds($0) },
            isSidechain: fields["isSidechain"]?.boolValue ?? false,
            isAPIError: fields["isApiErrorMessage"]?.boolValue ?? false,
            messageID: Self.nonEmpty(message?["id"]),
            model: Self.nonEmpty(message?["model"]),
            requestID: Self.nonEmpty(fields["requestId"]),
            usage: usageValue.flatMap(Self.usage),
            speed: Self.nonEmpty(usageValue?["speed"]))
    }

    /// `message.usage` as token counts. Missing or non-numeric counts are zero; negative ones
    /// are clamped to zero so a corrupt line cannot subtract from totals.
    static func usage(_ value: JSONValue) -> TokenUsage? {
        guard case .object = value else { return nil }
        func count(_ field: JSONValue?) -> Int { max(0, field?.intValue ?? 0) }
        let creation = count(value["cache_creation_input_tokens"])
        var fiveMinutes = creation
        var oneHour = 0
        if case .object? = value["cache_creation"] {
            let split5m = count(value["cache_creation"]?["ephemeral_5m_input_tokens"])
            let split1h = count(value["cache_creation"]?["ephemeral_1h_input_tokens"])
            // The split should sum to the total. When it does not, trust the larger figure and
            // bill any unexplained remainder at the 5-minute rate.
            oneHour = split1h
            fiveMinutes = max(split5m, creation - split1h)
        }
        return TokenUsage(
            input: count(value["input_tokens"]), output: count(value["output_tokens"]),
            cacheCreation5m: fiveMinutes, cacheCreation1h: oneHour, cacheRead: count(value["cache_read_input_tokens"]))
    }

    private static func nonEmpty(_ value: JSONValue?) -> String? {
        guard let string = value?.stringValue, !string.isEmpty else { return nil }
        return string
    }
}
