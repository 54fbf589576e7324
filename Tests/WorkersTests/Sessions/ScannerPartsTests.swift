import MCShared
import MCTranscripts
import Testing

@testable import MCWorkers

/// The scanner's small parts: configuration, wire format, tracked states, the scan signal.
@Suite struct ScannerPartsTests {
    @Test func scanIntervalDefaultsTo60Seconds() throws {
        let configuration = try ScannerConfiguration(environment: EnvironmentReader(["HOME": "/home/dev"]))
        #expect(configuration.rescanInterval == .seconds(60))
        #expect(configuration.roots.first == "/home/dev/.claude/projects")
    }

    @Test(arguments: ["5", "3600"])
    func scanIntervalAcceptsItsBounds(_ value: String) throws {
        let configuration = try ScannerConfiguration(
            environment: EnvironmentReader(["MC_CLAUDE_SCAN_INTERVAL": value]), homeDirectory: "/h")
        #expect(configuration.rescanInterval == .seconds(Int(value)!))
    }

    @Test(arguments: ["4.9", "3601", "soon"])
    func scanIntervalOutsideItsBoundsIsAConfigurationError(_ value: String) {
        #expect {
            _ = try ScannerConfiguration(
                environment: EnvironmentReader(["MC_CLAUDE_SCAN_INTERVAL": value]), homeDirectory: "/h")
        } throws: { error in
            "\(error)" == "invalid configuration: MC_CLAUDE_SCAN_INTERVAL: "
                + "expected a number of seconds from 5.0 to 3600.0, got '\(value)'"
        }
    }

    @Test func claudeHomeAndConfigDirsBecomeRoots() throws {
        let configuration = try ScannerConfiguration(
            environment: EnvironmentReader(["MC_CLAUDE_HOME": "/data/claude", "CLAUDE_CONFIG_DIR": "/a,/b/projects"]),
            homeDirectory: "/h")
        #expect(
            configuration.roots == [
                "/data/claude/projects", "/h/.config/claude/projects", "/a/projects", "/b/projects",
            ])
    }

    @Test func ingestBodyFollowsTheContract() throws {
        let line = TranscriptLine(
            sessionID: "s1", cwd: "/w", gitBranch: "main", timestampMilliseconds: 1_700_000_000_000,
            messageID: "msg_1", model: TranscriptLine.syntheticModel, requestID: "req_1",
            usage: TokenUsage(input: 1, output: 2, cacheCreation5m: 3, cacheCreation1h: 4, cacheRead: 5), speed: "fast")
        let record = UsageRecord(key: UsageCopyRule.key(of: line), line: line, usage: line.usage!)
        let batch = IngestBatch(
            file: IngestFile(
                path: "/p/x.jsonl", state: TranscriptFileState(device: 1, inode: 2, size: 30, offset: 20),
                sessionID: "s1", project: "-w", agentID: nil, kind: .session),
            records: [record], malformed: 2)
        let body = batch.jsonBody
        #expect(body["malformed"] == 2)
        #expect(
            body["file"] == [
                "path": "/p/x.jsonl", "state": ["device": 1, "inode": 2, "size": 30, "offset": 20], "session_id": "s1",
                "project": "-w", "agent_id": nil, "kind": "session",
            ])
        #expect(
            body["records"] == [
                [
                    "key": "m:msg_1|req_1", "session_id": "s1", "message_id": "msg_1", "request_id": "req_1",
                    "model": "<synthetic>", "timestamp_ms": 1_700_000_000_000, "cwd": "/w", "git_branch": "main",
                    "sidechain": false, "speed": "fast", "flags": ["synthetic"],
                    "usage": [
                        "input": 1, "output": 2, "cache_creation_5m": 3, "cache_creation_1h": 4, "cache_read": 5,
                    ],
                ]
            ])
    }

    @Test func everyFlagHasAWireName() {
        let all: UsageFlags = [.synthetic, .noModel, .apiError, .sidechain, .unkeyed]
        #expect(all.names == ["synthetic", "no_model", "api_error", "sidechain", "unkeyed"])
    }

    @Test func storedStateEntriesDecodeAndInvalidOnesAreSkipped() {
        let valid: JSONValue = ["path": "/p/a.jsonl", "device": 2049, "inode": 77, "size": 10, "offset": 8]
        #expect(
            TranscriptFileState.fromStoredEntry(valid)?.state
                == TranscriptFileState(device: 2049, inode: 77, size: 10, offset: 8))
        #expect(TranscriptFileState.fromStoredEntry(["path": "/p/a.jsonl", "device": 1, "inode": 1, "size": 1]) == nil)
        #expect(
            TranscriptFileState.fromStoredEntry(["path": "", "device": 1, "inode": 1, "size": 1, "offset": 0]) == nil)
        #expect(
            TranscriptFileState.fromStoredEntry(["path": "/a", "device": 1, "inode": 1, "size": 1, "offset": -1]) == nil
        )
    }

    @Test func aLargeInodeRoundedByJSONStillMatchesItsFile() {
        let inode: UInt64 = (1 << 60) + 3  // not exact as a double
        var states = TrackedFileStates(capacity: 10)
        states.restore([
            "/r/p/s.jsonl": TranscriptFileState(device: 1, inode: UInt64(Double(inode)), size: 5, offset: 5)
        ])
        let file = TranscriptFile(
            path: "/r/p/s.jsonl", root: "/r", projectSlug: "p", sessionID: "s", agentID: nil, kind: .session,
            device: 1, inode: inode, size: 5)
        #expect(file.isUnchanged(since: states.state(for: file, seenInWalk: 1)))
    }

    @Test func trackedStatesAtCapacityKeepEveryFileAndOnePastEvictsTheLeastRecent() {
        var states = TrackedFileStates(capacity: 3)
        let state = TranscriptFileState(device: 1, inode: 1, size: 0, offset: 0)
        for path in ["/a", "/b", "/c"] { states.set(state, for: path) }
        #expect(states.count == 3)
        #expect(states.evictions == 0)
        states.set(state, for: "/a")  // used again: now /b is the least recent
        states.set(state, for: "/d")
        #expect(states.count == 3)
        #expect(states.evictions == 1)
        #expect(states.state(for: "/b") == nil)
        #expect(states.state(for: "/a") != nil)
    }

    @Test func pendingPathsAtTheLimitAreKeptAndOnePastBecomesAFullScan() {
        let signal = ScanSignal(maxPendingPaths: 3)
        for path in ["/a", "/b", "/c"] { signal.fileChanged(path) }
        #expect(signal.take() == ScanWork(paths: ["/a", "/b", "/c"]))
        for path in ["/a", "/b", "/c", "/d"] { signal.fileChanged(path) }
        #expect(signal.take() == ScanWork(fullScan: true))
        #expect(signal.take().isEmpty)
    }

    @Test func requeuedWorkMergesWithNewRequests() {
        let signal = ScanSignal()
        signal.fileChanged("/a")
        signal.requeue(ScanWork(restore: true, paths: ["/b"]))
        #expect(signal.take() == ScanWork(restore: true, paths: ["/a", "/b"]))
        signal.requestRestore()
        #expect(signal.take() == ScanWork(restore: true, fullScan: true))
    }

    @Test func inotifyEventsAreSplitWithTheirNames() {
        var bytes: [UInt8] = []
        func event(_ watch: Int32, _ mask: UInt32, _ name: String, padded: Int) {
            withUnsafeBytes(of: watch.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: mask.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: UInt32(0)) { bytes += $0 }
            withUnsafeBytes(of: UInt32(padded).littleEndian) { bytes += $0 }
            bytes += Array(name.utf8) + Array(repeating: 0, count: padded - name.utf8.count)
        }
        event(1, 2, "a.jsonl", padded: 16)
        event(7, 0x4000_0100, "", padded: 0)
        bytes += [1, 2, 3]  // a truncated record is ignored
        let events = bytes.withUnsafeBytes { InotifyEvent.parse($0) }
        #expect(
            events == [
                InotifyEvent(watch: 1, mask: 2, name: "a.jsonl"), InotifyEvent(watch: 7, mask: 0x4000_0100, name: ""),
            ])
    }
}
