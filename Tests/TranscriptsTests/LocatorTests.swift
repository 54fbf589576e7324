import Testing

@testable import MCTranscripts

@Suite struct LocatorTests {
    @Test func defaultRoots() {
        #expect(
            TranscriptRoots.resolve(environment: [:], homeDirectory: "/home/u")
                == ["/home/u/.claude/projects", "/home/u/.config/claude/projects"])
    }

    @Test func configuredRoots() {
        let roots = TranscriptRoots.resolve(
            environment: [
                "MC_CLAUDE_HOME": "/srv/claude/",
                "CLAUDE_CONFIG_DIR": " ~/work-claude , /opt/c/projects,,/srv/claude",
            ], homeDirectory: "/home/u/")
        #expect(
            roots == [
                "/srv/claude/projects", "/home/u/.config/claude/projects", "/home/u/work-claude/projects",
                "/opt/c/projects",
            ])
    }

    @Test(arguments: [
        (["-p", "abc.jsonl"], TranscriptFile.Kind.session, "abc" as String?, nil as String?),
        (["-p", "agent-1a2b3c4d.jsonl"], .legacySubagent, nil, "1a2b3c4d"),
        (["-p", "abc", "subagents", "agent-x1.jsonl"], .subagent, "abc", "x1"),
        (["-p", "abc", "subagents", "workflows", "wf", "agent-x2.jsonl"], .workflowAgent, "abc", "x2"),
        (["-p", "abc", "notes", "other.jsonl"], .sessionFile, "abc", nil),
    ])
    func classification(components: [String], kind: TranscriptFile.Kind, session: String?, agent: String?) throws {
        let result = try #require(TranscriptFile.classify(components))
        #expect(result.kind == kind)
        #expect(result.sessionID == session)
        #expect(result.agentID == agent)
    }

    @Test(arguments: [
        ["top.jsonl"], ["-p", "abc", "subagents", "workflows", "wf", "journal.jsonl"],
        ["-p", "abc", "subagents", "agent-x1.meta.json"], ["-p", "sessions-index.json"], ["-p", ".jsonl"],
    ])
    func notTranscripts(components: [String]) {
        #expect(TranscriptFile.classify(components) == nil)
    }

    @Test func walksEveryLayoutAndSkipsTheRest() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for file in [
            "a/projects/-p/s1.jsonl", "a/projects/-p/agent-0f.jsonl", "a/projects/-p/s1/subagents/agent-k.jsonl",
            "a/projects/-p/s1/subagents/agent-k.meta.json", "a/projects/-p/s1/subagents/workflows/w/agent-q.jsonl",
            "a/projects/-p/s1/subagents/workflows/w/journal.jsonl", "a/projects/-p/sessions-index.json",
            "a/projects/-q/s2.jsonl", "b/projects/-r/s3.jsonl", "a/projects/-p/.hidden.jsonl",
        ] {
            try dir.write(file, "{}\n")
        }
        let locator = TranscriptLocator(roots: [
            dir.path + "/a/projects", dir.path + "/missing/projects", dir.path + "/b/projects",
            dir.path + "/a/projects/../projects",  // the same root again
        ])
        let found = locator.transcripts()
        let relative = found.map { String($0.path.dropFirst(dir.path.count + 1)) }
        #expect(
            relative == [
                "a/projects/-p/agent-0f.jsonl", "a/projects/-p/s1/subagents/agent-k.jsonl",
                "a/projects/-p/s1/subagents/workflows/w/agent-q.jsonl", "a/projects/-p/s1.jsonl",
                "a/projects/-q/s2.jsonl", "b/projects/-r/s3.jsonl",
            ])
        #expect(found.map(\.kind) == [.legacySubagent, .subagent, .workflowAgent, .session, .session, .session])
        #expect(found.map(\.sessionID) == [nil, "s1", "s1", "s1", "s2", "s3"])
        #expect(found.map(\.projectSlug) == ["-p", "-p", "-p", "-p", "-q", "-r"])
        #expect(found.allSatisfy { $0.size == 3 && $0.inode != 0 })
    }
    @Test func depthLimitAtAndPastTheDeepestFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("-p/s1/subagents/agent-k.jsonl", "{}\n")  // 4 levels below the root
        #expect(TranscriptLocator(roots: [dir.path], maxDepth: 4).transcripts().count == 1)
        #expect(TranscriptLocator(roots: [dir.path], maxDepth: 3).transcripts().isEmpty)
    }
    @Test func unchangedFilesAreRecognisedFromTheWalkAlone() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("-p/s.jsonl", "{}\n{")
        let locator = TranscriptLocator(roots: [dir.path])
        let file = try #require(locator.transcripts().first)
        #expect(!file.isUnchanged(since: nil))
        let state = try TranscriptTail().read(path: file.path, state: nil).nextState
        #expect(try #require(locator.transcripts().first).isUnchanged(since: state))
        try dir.append("-p/s.jsonl", "}\n")
        #expect(try !#require(locator.transcripts().first).isUnchanged(since: state))
    }
}
