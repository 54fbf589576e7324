import Foundation
import Testing

@testable import MCTranscripts

/// The whole pipeline — locate, tail, parse, de-duplicate, price — over the fixture tree in
/// `Fixtures/projects/-home-dev-app`: one session file and one subagent file. Expected figures
/// are computed by hand below (n tokens × p USD/MTok = n·p micro-dollars).
///
/// Main session `11111111-….jsonl`:
/// - msg_A/req_A, sonnet-4-5, written 3 times (thinking, text, tool_use); the first two carry the
///   placeholder output 1, the last 420. usage: in 10, out 420, 1h write 2000, read 50000.
///   prompt 52,010 ≤ 200K → base: 10×3 + 420×15 + 2000×6 + 50000×0.30
///   = 30 + 6300 + 12000 + 15000 = 33,330 µ$
/// - msg_B/req_B, opus-4-6, old usage without split: in 5, out 300, write 1000 (→ 5m), read 80000
///   = 5×5 + 300×25 + 1000×6.25 + 80000×0.50 = 25 + 7500 + 6250 + 40000 = 53,775 µ$
/// - a malformed line (cut JSON): skipped and counted
/// - msg_C/req_C, sonnet-4-5: in 1000, out 500, read 200000 → prompt 201,000 > 200K → premium
///   row for every class: 1000×6 + 200000×0.60 + 500×22.50 = 6000 + 120000 + 11250 = 137,250 µ$
/// - `<synthetic>` API error, zero usage: 0 µ$, flagged
/// - msg_E, `claude-nova-9`: in 100, out 100, unknown → cost nil, flagged
/// - msg_B replayed as a sidechain with requestId req_B2: not counted again
/// - a partial last line (no newline): not consumed
/// Subagent `…/subagents/agent-a1b2.jsonl` (parent's sessionId, agentId a1b2):
/// - msg_S1/req_S1, haiku-4-5, twice (output 3, then 150): in 200, out 150, read 1000
///   = 200×1 + 150×5 + 1000×0.10 = 200 + 750 + 100 = 1,050 µ$
/// Total priced: 33330 + 53775 + 137250 + 0 + 1050 = 225,405 µ$ = $0.225405 ≈ $0.23.
/// Tokens: in 10+5+1000+0+100+200 = 1315; out 420+300+500+0+100+150 = 1470; 5m writes 1000;
/// 1h writes 2000; reads 50000+80000+200000+1000 = 331,000.
@Suite struct FixtureTranscriptTests {
    static let session = "11111111-1111-4111-8111-111111111111"

    var root: String { Bundle.module.resourcePath! + "/Fixtures/projects" }

    /// The ledger a caller would keep: rows by key, applying each change.
    struct Ledger {
        var rows: [String: UsageRecord] = [:]
        var unkeyed: [UsageRecord] = []
        mutating func apply(_ change: UsageChange) {
            if case .improved(_, let replacing) = change, let old = replacing.storageKey { rows[old] = nil }
            if let key = change.record.key.storageKey {
                rows[key] = change.record
            } else {
                unkeyed.append(change.record)
            }
        }
    }

    struct Outcome {
        var ledger = Ledger()
        var parser = TranscriptLineParser()
        var dedup = UsageDeduplicator()
        var states: [String: TranscriptFileState] = [:]
        var files: [TranscriptFile] = []
    }

    func scan(chunkSize: Int) throws -> Outcome {
        var outcome = Outcome()
        let tail = TranscriptTail(chunkSize: chunkSize, maxLineBytes: 1 << 16)
        outcome.files = TranscriptLocator(roots: [root]).transcripts()
        for file in outcome.files {
            var state: TranscriptFileState?
            while true {
                let read = try tail.read(path: file.path, state: state)
                for line in read.lines {
                    guard let parsed = outcome.parser.parse(line.bytes) else { continue }
                    if let change = outcome.dedup.add(parsed) { outcome.ledger.apply(change) }
                }
                state = read.nextState
                if !read.hasMore { break }
            }
            outcome.states[file.path] = state
        }
        return outcome
    }

    @Test func filesAreFoundAndAttributedToTheParentSession() throws {
        let files = try scan(chunkSize: 1 << 20).files
        #expect(files.map(\.kind) == [.subagent, .session])
        #expect(files.allSatisfy { $0.sessionID == Self.session && $0.projectSlug == "-home-dev-app" })
        #expect(files.first?.agentID == "a1b2")
    }

    @Test func tokensAndCostsMatchTheHandComputedValues() throws {
        let outcome = try scan(chunkSize: 1 << 20)
        let rows = outcome.ledger.rows
        #expect(outcome.ledger.unkeyed.isEmpty)
        #expect(rows.count == 6)
        let catalog = PricingCatalog.builtIn
        func cost(_ key: String) -> UsageCost? { rows[key].map { catalog.cost(of: $0) } }

        let a = try #require(rows["m:msg_A|req_A"])
        #expect(a.usage == TokenUsage(input: 10, output: 420, cacheCreation1h: 2000, cacheRead: 50000))
        #expect(a.line.uuid == "u-4")
        #expect(cost("m:msg_A|req_A")?.microdollars == 33_330)
        let b = rows["m:msg_B|req_B"]
        #expect(b?.usage == TokenUsage(input: 5, output: 300, cacheCreation5m: 1000, cacheRead: 80000))
        #expect(b?.flags == [])
        #expect(cost("m:msg_B|req_B")?.microdollars == 53_775)
        #expect(rows["m:msg_B|req_B2"] == nil)
        #expect(cost("m:msg_C|req_C")?.microdollars == 137_250)
        #expect(cost("m:msg_C|req_C")?.flags == .longContext)
        let synthetic = try #require(rows["m:3f1c2d4e-0000-4000-8000-000000000001|"])
        #expect(synthetic.flags == [.synthetic, .apiError])
        #expect(catalog.cost(of: synthetic).microdollars == 0)
        #expect(cost("m:msg_E|req_E")?.microdollars == nil)
        #expect(cost("m:msg_E|req_E")?.flags == .unknownModel)
        let subagent = try #require(rows["m:msg_S1|req_S1"])
        #expect(subagent.usage.output == 150)
        #expect(subagent.line.agentID == "a1b2")
        #expect(subagent.line.sessionID == Self.session)
        #expect(subagent.flags == .sidechain)
        #expect(cost("m:msg_S1|req_S1")?.microdollars == 1_050)

        let total = rows.values.reduce(TokenUsage()) { $0 + $1.usage }
        let expectedTotal = TokenUsage(
            input: 1315, output: 1470, cacheCreation5m: 1000, cacheCreation1h: 2000, cacheRead: 331_000)
        #expect(total == expectedTotal)
        let micro = rows.values.compactMap { catalog.cost(of: $0).microdollars }.reduce(0, +)
        #expect(micro == 225_405)
        #expect((Double(micro) / 10_000).rounded() / 100 == 0.23)

        #expect(outcome.parser.malformedLines == 1)
        #expect(outcome.parser.parsedLines == 13)
        #expect(outcome.dedup.usageLines == 10)
        #expect(outcome.dedup.duplicateLines == 4)
        // Session metadata comes from the lines.
        #expect(a.line.cwd == "/home/dev/app")
        #expect(a.line.gitBranch == "main")
    }

    @Test func thePartialLastLineIsLeftForTheNextRead() throws {
        let outcome = try scan(chunkSize: 1 << 20)
        let path = root + "/-home-dev-app/\(Self.session).jsonl"
        let state = try #require(outcome.states[path])
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let partial = #"{"type":"assistant","message":{"id":"msg_F","model":"claude-opus-4-6","#
            + #""usage":{"input_tokens":7"#
        #expect(state.size == Int64(bytes.count))
        #expect(state.offset == Int64(bytes.count - partial.utf8.count))
    }

    @Test func theResultDoesNotDependOnHowFilesAreSplitIntoReads() throws {
        let reference = try scan(chunkSize: 1 << 20).ledger.rows
        for chunk in [1, 3, 64, 1000] {
            #expect(try scan(chunkSize: chunk).ledger.rows == reference, "chunk \(chunk)")
        }
    }
}
