import Foundation
import MCShared

@testable import MCAPI

/// Ingest batches mirroring the hand-computed fixture of `Tests/TranscriptsTests`
/// (`FixtureTranscriptTests`): the same responses, usage and expected costs, sent as the
/// scanner would send them (streamed copies, a sidechain replay, a subagent file).
enum LedgerFixture {
    static let session = "11111111-1111-4111-8111-111111111111"
    static let project = "-home-dev-app"
    static let mainPath = "/claude/projects/-home-dev-app/\(session).jsonl"
    static let subagentPath = "/claude/projects/-home-dev-app/\(session)/subagents/agent-a1b2.jsonl"
    /// 33,330 + 53,775 + 137,250 + 0 + 1,050 µ$ (msg_E is unknown and unpriced).
    static let expectedMicros = 225_405
    /// in 1315 + out 1470 + 5m 1000 + 1h 2000 + read 331,000.
    static let expectedTokens = 336_785

    /// One record; `usage` is (input, output, 5m, 1h, read).
    static func record(
        _ message: String?, _ request: String?, model: String?, usage: (Int, Int, Int, Int, Int), sidechain: Bool = false,
        flags: [String] = [], timestampMs: Int64 = nowMs(), key: String?? = nil
    ) -> JSONValue {
        let storage: JSONValue
        switch key {
        case .some(let explicit): storage = explicit.map(JSONValue.string) ?? .null
        case .none: storage = message.map { .string("m:\($0)|\(request ?? "")") } ?? .null
        }
        return [
            "key": storage, "session_id": .string(session), "message_id": message.map(JSONValue.string) ?? .null,
            "request_id": request.map(JSONValue.string) ?? .null, "model": model.map(JSONValue.string) ?? .null,
            "timestamp_ms": .number(Double(timestampMs)), "cwd": "/home/dev/app", "git_branch": "main",
            "sidechain": .bool(sidechain), "speed": .null, "flags": .array(flags.map(JSONValue.string)),
            "usage": [
                "input": .number(Double(usage.0)), "output": .number(Double(usage.1)),
                "cache_creation_5m": .number(Double(usage.2)), "cache_creation_1h": .number(Double(usage.3)),
                "cache_read": .number(Double(usage.4)),
            ],
        ]
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A batch for `path` ending at `offset`.
    static func batch(
        path: String = mainPath, offset: Int = 1000, kind: String = "session", agentID: String? = nil, _ records: [JSONValue],
        malformed: Int = 0
    ) -> JSONValue {
        [
            "file": [
                "path": .string(path), "state": ["device": 2049, "inode": 77, "size": .number(Double(offset + 10)), "offset": .number(Double(offset))],
                "session_id": .string(session), "project": .string(project), "agent_id": agentID.map(JSONValue.string) ?? .null,
                "kind": .string(kind),
            ],
            "records": .array(records), "malformed": .number(Double(malformed)),
        ]
    }

    /// The main file: msg_A streamed three times (placeholder output 1, then 420), msg_B, msg_C
    /// (long-context tier), a `<synthetic>` API error, msg_E of an unknown model, and msg_B
    /// replayed as a sidechain under another requestId.
    static var main: JSONValue {
        batch([
            record("msg_A", "req_A", model: "claude-sonnet-4-5-20250929", usage: (10, 1, 0, 2000, 50000)),
            record("msg_A", "req_A", model: "claude-sonnet-4-5-20250929", usage: (10, 1, 0, 2000, 50000)),
            record("msg_A", "req_A", model: "claude-sonnet-4-5-20250929", usage: (10, 420, 0, 2000, 50000)),
            record("msg_B", "req_B", model: "claude-opus-4-6", usage: (5, 300, 1000, 0, 80000)),
            record("msg_C", "req_C", model: "claude-sonnet-4-5-20250929", usage: (1000, 500, 0, 0, 200_000)),
            record(
                "3f1c2d4e-0000-4000-8000-000000000001", nil, model: "<synthetic>", usage: (0, 0, 0, 0, 0),
                flags: ["synthetic", "api_error"]),
            record("msg_E", "req_E", model: "claude-nova-9", usage: (100, 100, 0, 0, 0)),
            record("msg_B", "req_B2", model: "claude-opus-4-6", usage: (5, 300, 1000, 0, 80000), sidechain: true, flags: ["sidechain"]),
        ], malformed: 1)
    }

    /// The subagent file: msg_S1 streamed twice (output 3, then 150).
    static var subagent: JSONValue {
        batch(path: subagentPath, offset: 400, kind: "subagent", agentID: "a1b2", [
            record("msg_S1", "req_S1", model: "claude-haiku-4-5-20251001", usage: (200, 3, 0, 0, 1000), sidechain: true, flags: ["sidechain"]),
            record("msg_S1", "req_S1", model: "claude-haiku-4-5-20251001", usage: (200, 150, 0, 0, 1000), sidechain: true, flags: ["sidechain"]),
        ])
    }
}
