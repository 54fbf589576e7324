import Testing

@testable import MCTranscripts

@Suite struct ParsingTests {
    @Test func assistantLineFields() throws {
        let text = """
            {"parentUuid":"p1","isSidechain":false,"cwd":"/home/dev/app","sessionId":"s1","version":"2.1.12",\
            "gitBranch":"feature/x","type":"assistant","uuid":"u1","timestamp":"2026-03-01T10:00:01.250Z",\
            "requestId":"req_1","message":{"id":"msg_1","model":"claude-opus-4-7","content":[],\
            "usage":{"input_tokens":3,"output_tokens":40,"cache_creation_input_tokens":300,\
            "cache_read_input_tokens":1000,"cache_creation":{"ephemeral_5m_input_tokens":100,\
            "ephemeral_1h_input_tokens":200},"speed":"fast"}}}
            """
        let line = try #require(TranscriptLine.parse(Array(text.utf8)))
        #expect(line.type == "assistant")
        #expect(line.uuid == "u1")
        #expect(line.sessionID == "s1")
        #expect(line.cwd == "/home/dev/app")
        #expect(line.gitBranch == "feature/x")
        #expect(line.version == "2.1.12")
        // 2026-03-01T10:00:01.250Z = 1772359201 s (20513 days × 86400 + 36001) → ms.
        #expect(line.timestampMilliseconds == 1_772_359_201_250)
        #expect(line.isSidechain == false)
        #expect(line.messageID == "msg_1")
        #expect(line.model == "claude-opus-4-7")
        #expect(line.requestID == "req_1")
        #expect(line.speed == "fast")
        #expect(
            line.usage == TokenUsage(input: 3, output: 40, cacheCreation5m: 100, cacheCreation1h: 200, cacheRead: 1000))
    }

    @Test func oldUsageWithoutSplitCountsAllCacheWritesAsFiveMinutes() throws {
        let text = #"{"type":"assistant","message":{"id":"m","usage":{"input_tokens":1,"output_tokens":2,"#
            + #""cache_creation_input_tokens":500,"cache_read_input_tokens":7}}}"#
        let usage = try #require(TranscriptLine.parse(Array(text.utf8))?.usage)
        #expect(usage == TokenUsage(input: 1, output: 2, cacheCreation5m: 500, cacheCreation1h: 0, cacheRead: 7))
    }

    @Test func splitSmallerThanTotalBillsTheRemainderAtFiveMinutes() throws {
        // total 500, split 5m 100 + 1h 300 = 400: the unexplained 100 joins the 5m bucket.
        let text = #"{"message":{"usage":{"cache_creation_input_tokens":500,"cache_creation":"#
            + #"{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":300}}}}"#
        let usage = try #require(TranscriptLine.parse(Array(text.utf8))?.usage)
        #expect(usage.cacheCreation5m == 200)
        #expect(usage.cacheCreation1h == 300)
    }

    @Test func emptyStringsAreAbsent() throws {
        let line = try #require(TranscriptLine.parse(Array(#"{"type":"user","gitBranch":"","sessionId":""}"#.utf8)))
        #expect(line.gitBranch == nil)
        #expect(line.sessionID == nil)
        #expect(line.usage == nil)
    }

    @Test func malformedAndBlankLinesAreCountedAndSkipped() {
        var parser = TranscriptLineParser()
        let inputs = [#"{"type":"user"}"#, "", "   ", #"{"type":"assistant","message":{"#, "[1,2]", "not json", "{}\r"]
        let parsed = inputs.compactMap { parser.parse(Array($0.utf8)) }
        #expect(parsed.count == 2)
        #expect(parser.parsedLines == 2)
        #expect(parser.blankLines == 2)
        #expect(parser.malformedLines == 3)
    }

    @Test func legacyProgressLineUnwrapsNestedSubagentUsage() throws {
        let text = #"{"type":"progress","sessionId":"s1","cwd":"/w","timestamp":"2026-01-01T00:00:00Z","#
            + #""data":{"type":"agent_progress","message":{"type":"assistant","uuid":"n1","requestId":"req_9","#
            + #""message":{"id":"msg_9","model":"claude-haiku-4-5","usage":{"input_tokens":4,"output_tokens":5}}}}}"#
        let line = try #require(TranscriptLine.parse(Array(text.utf8)))
        #expect(line.isUnwrappedProgress)
        #expect(line.isSidechain)
        #expect(line.messageID == "msg_9")
        #expect(line.sessionID == "s1")
        #expect(line.cwd == "/w")
        #expect(line.usage == TokenUsage(input: 4, output: 5))
    }

    @Test func mayCarryUsage() {
        #expect(TranscriptLine.mayCarryUsage(Array(#"{"message":{"usage":{}}}"#.utf8)))
        let escaped = #"{"type":"user","message":{"content":"usage of \"tokens\""}}"#
        #expect(!TranscriptLine.mayCarryUsage(Array(escaped.utf8)))
        #expect(!TranscriptLine.mayCarryUsage(Array("\"usag".utf8)))
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("1970-01-01T00:00:00.001Z", 1),
        ("2000-02-29T12:00:00.5Z", 951_825_600_500),
        ("2026-03-01T11:00:01.250+01:00", 1_772_359_201_250),
        ("2026-03-01 10:00:01.250Z", 1_772_359_201_250),
    ])
    func timestamps(text: String, expected: Int64) {
        #expect(ISO8601Timestamp.milliseconds(text) == expected)
    }

    @Test(arguments: [
        "", "2026-03-01", "2026-13-01T00:00:00Z", "2026-03-01T10:00:00", "2026-03-01T10:00:00.Z",
        "x026-03-01T10:00:00Z",
    ])
    func invalidTimestamps(text: String) {
        #expect(ISO8601Timestamp.milliseconds(text) == nil)
    }
}
