import Foundation
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
