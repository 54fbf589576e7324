import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The real sessions worker in the real tree: it reads the tree's own transcripts (never the
/// machine's) and stays up whatever `mc-api` answers.
@Suite(.serialized)
struct SessionsWorkerSystemTests {
    @Test(.timeLimit(.minutes(2))) func scannerStaysUpWithTranscriptsToRead() async throws {
        let tree = try ProcessTreeHarness()
        defer { tree.shutdown() }
        let project = tree.directory + "/claude/projects/-home-dev-app"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        let line = #"{"type":"assistant","sessionId":"s1","message":{"id":"msg_1","model":"m","usage":{"input_tokens":1}}}"#
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: project + "/s1.jsonl"))
        try await tree.waitUntilRunning()
        // Long enough for the first scan and a retry or two.
        try await Task.sleep(for: .seconds(2))
        let sessions = try #require(try await tree.status()["sessions"])
        #expect(sessions.state == "running")
        #expect(sessions.restartsTotal == 0)
    }
}

/// Transcripts reach the ledger through the real scanner and mc-api, and `kill -9` of the
/// scanner mid-stream neither loses nor double-counts a response.
@Suite(.serialized)
struct SessionsLedgerSystemTests {
    /// One streamed response: a first copy with a placeholder output count, then the final one.
    static func response(_ index: Int) -> String {
        let stamp = ISO8601DateFormatter().string(from: Date())
        func line(output: Int, uuid: String) -> String {
            #"{"type":"assistant","uuid":"\#(uuid)","sessionId":"sys-1","timestamp":"\#(stamp)","requestId":"req_\#(index)","message":{"id":"msg_\#(index)","model":"claude-sonnet-4-5","usage":{"input_tokens":10,"output_tokens":\#(output),"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}"#
        }
        return line(output: 1, uuid: "u\(index)a") + "\n" + line(output: 5, uuid: "u\(index)b") + "\n"
    }

    @Test(.timeLimit(.minutes(4))) func everyResponseIsCountedOnceWhileTheScannerIsKilled() async throws {
        let tree = try ProcessTreeHarness()
        defer { tree.shutdown() }
        let project = tree.directory + "/claude/projects/-home-dev-sys"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        let path = project + "/sys-1.jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        try await tree.waitUntilRunning()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let chunks = 20
        let perChunk = 100
        for chunk in 0..<chunks {
            let text = (0..<perChunk).map { Self.response(chunk * perChunk + $0) }.joined()
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            if chunk == 6 || chunk == 13 {
                let pid = try #require(try await tree.status()["sessions"]?.pid)
                kill(pid, SIGKILL)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        try handle.close()
        let responses = chunks * perChunk
        try await eventually(timeout: .seconds(120), interval: .milliseconds(500), "every response in the ledger") {
            let stats = try await tree.get("/api/tokens?action=stats&timeframe=all", timeout: 10)
            let object = try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any]
            let summary = object?["summary"] as? [String: Any]
            return summary?["requestCount"] as? Int == responses
        }
        let stats = try await tree.get("/api/tokens?action=stats&timeframe=all", timeout: 10)
        let summary = try #require((try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any])?["summary"] as? [String: Any])
        // Each response once, with its final (largest) usage, however the kills split the reads.
        #expect(summary["inputTokens"] as? Int == responses * 10)
        #expect(summary["outputTokens"] as? Int == responses * 5)
        #expect(try await tree.status()["sessions"]?.restartsTotal == 2)
    }
}
