import Foundation
import GRDB
import MCIPC
import MCShared
import Testing

@testable import MCAPI

/// `sessions.ingest` / `sessions.state` / `sessions.file_removed`: de-duplication across
/// batches, copy preference, pricing flags and the stored offsets.
@Suite(.timeLimit(.minutes(1))) struct SessionLedgerTests {
    typealias F = LedgerFixture
    typealias S = AgentTestSupport

    static func ingest(_ app: TestApplication, _ body: JSONValue) async throws -> JSONValue {
        try await SessionLedger(database: app.dependencies.database).ingest(try SessionIngestBatch(body))
    }

    @Test func theSameBatchTwiceIsCountedOnce() async throws {
        let app = try await TestApplication(busClients: [])
        let first = try await Self.ingest(app, F.main)
        #expect(first["stored"] == 5)
        // msg_A's later copy with output 420 beats the placeholder copies.
        #expect(first["replaced"] == 1)
        let again = try await Self.ingest(app, F.main)
        #expect(again == ["stored": 0, "replaced": 0])
        let count = try await S.rows(app.dependencies.database, "SELECT COUNT(*) AS n FROM usage_ledger").first?["n"]
        #expect(count == 5)
    }

    @Test func aBiggerStreamedCopyReplacesTheSmallerOneAcrossBatches() async throws {
        let app = try await TestApplication(busClients: [])
        let early = F.batch([F.record("msg_S1", "req_S1", model: "claude-haiku-4-5", usage: (200, 3, 0, 0, 1000))])
        let late = F.batch([F.record("msg_S1", "req_S1", model: "claude-haiku-4-5", usage: (200, 150, 0, 0, 1000))])
        #expect(try await Self.ingest(app, early)["stored"] == 1)
        #expect(try await Self.ingest(app, late) == ["stored": 0, "replaced": 1])
        // The smaller copy arriving again does not undo it.
        #expect(try await Self.ingest(app, early) == ["stored": 0, "replaced": 0])
        let row = try await S.rows(app.dependencies.database, "SELECT output_tokens, cost_micros FROM usage_ledger").first
        #expect(row?["output_tokens"] == 150)
        #expect(row?["cost_micros"] == 1_050)
    }

    @Test func aMainChainCopyReplacesASidechainReplayStoredUnderAnotherRequestID() async throws {
        let app = try await TestApplication(busClients: [])
        let replay = F.record("msg_B", "req_B2", model: "claude-opus-4-6", usage: (5, 300, 1000, 0, 80000), sidechain: true)
        let main = F.record("msg_B", "req_B", model: "claude-opus-4-6", usage: (5, 300, 1000, 0, 80000))
        #expect(try await Self.ingest(app, F.batch([replay]))["stored"] == 1)
        #expect(try await Self.ingest(app, F.batch([main])) == ["stored": 0, "replaced": 1])
        #expect(try await Self.ingest(app, F.batch([replay])) == ["stored": 0, "replaced": 0])
        let rows = try await S.rows(app.dependencies.database, "SELECT storage_key, sidechain, cost_micros FROM usage_ledger")
        #expect(rows.count == 1)
        #expect(rows.first?["storage_key"] == "m:msg_B|req_B")
        #expect(rows.first?["sidechain"] == 0)
        #expect(rows.first?["cost_micros"] == 53_775)
    }

    @Test func anUnknownModelHasANullCostAndAFlag() async throws {
        let app = try await TestApplication(busClients: [])
        _ = try await Self.ingest(app, F.batch([F.record("msg_E", "req_E", model: "claude-nova-9", usage: (100, 100, 0, 0, 0))]))
        let row = try await S.rows(app.dependencies.database, "SELECT cost_micros, flags, normalized_model FROM usage_ledger").first
        #expect(row?["cost_micros"] == .null)
        #expect(row?["flags"] == #"["unknown_model"]"#)
        #expect(row?["normalized_model"] == "claude-nova-9")
    }

    @Test func fileStateRoundTripsAndRemovalKeepsTheLedger() async throws {
        let app = try await TestApplication(busClients: [])
        let endpoint = SessionBusEndpoint()
        endpoint.attach(SessionLedger(database: app.dependencies.database))
        _ = try await endpoint.handle(method: SessionBusEndpoint.ingestMethod, body: F.main)
        _ = try await endpoint.handle(method: SessionBusEndpoint.ingestMethod, body: F.subagent)
        let state = try await endpoint.handle(method: SessionBusEndpoint.stateMethod, body: .emptyObject)
        #expect(
            state["files"] == [
                ["path": .string(F.mainPath), "device": 2049, "inode": 77, "size": 1010, "offset": 1000],
                ["path": .string(F.subagentPath), "device": 2049, "inode": 77, "size": 410, "offset": 400],
            ])
        let removed = try await endpoint.handle(method: SessionBusEndpoint.fileRemovedMethod, body: ["path": .string(F.mainPath)])
        #expect(removed == ["removed": true])
        let after = try await endpoint.handle(method: SessionBusEndpoint.stateMethod, body: .emptyObject)
        #expect(after["files"]?.arrayValue?.count == 1)
        let count = try await S.rows(app.dependencies.database, "SELECT COUNT(*) AS n FROM usage_ledger").first?["n"]
        #expect(count == 6)
    }

    @Test func anIngestThatStoresSomethingPublishesSessionUpdated() async throws {
        let app = try await TestApplication(busClients: [])
        _ = try await Self.ingest(app, F.main)
        _ = try await Self.ingest(app, F.main)
        let events = try await S.rows(app.dependencies.database, "SELECT payload FROM events WHERE type = 'session.updated'")
        #expect(events.count == 1)
        #expect(events.first?["payload"]?.stringValue?.contains(#""session_id":"\#(F.session)""#) == true)
    }

    @Test func malformedBatchesAreRefusedWithTheReason() async throws {
        let endpoint = SessionBusEndpoint()
        await #expect(throws: IPCError(.unavailable, "mc-api is still starting")) {
            _ = try await endpoint.handle(method: SessionBusEndpoint.stateMethod, body: .emptyObject)
        }
        let cases: [(JSONValue, String)] = [
            (["records": []], "sessions.ingest needs file.path"),
            (["file": ["path": "/x", "state": ["device": 1, "inode": 1, "size": 1, "offset": 2]], "records": []],
             "file.state.offset must not exceed file.state.size"),
            (["file": ["path": "/x", "state": ["device": 1, "inode": 1, "size": 1, "offset": -1]], "records": []],
             "file.state.offset must be a non-negative integer"),
            (["file": ["path": "/x", "state": ["device": 1, "inode": 1, "size": 1, "offset": 1]]], "sessions.ingest needs records (an array)"),
            (F.batch([["usage": ["input": 1]]]), "records[0].usage.output must be a non-negative integer"),
            (F.batch([["usage": ["input": 1, "output": 1, "cache_creation_5m": 0, "cache_creation_1h": 0, "cache_read": 0]]]),
             "records[0].timestamp_ms must be an integer"),
        ]
        for (body, message) in cases {
            #expect(throws: IPCError(.badRequest, message)) { _ = try SessionIngestBatch(body) }
            do {
                _ = try SessionIngestBatch(body)
            } catch {
                #expect(error.message == message)
            }
        }
    }

    @Test func aBatchHoldsAtMostTheRecordLimit() throws {
        let record = F.record("m", "r", model: "claude-haiku-4-5", usage: (1, 1, 0, 0, 0))
        let full = F.batch(Array(repeating: record, count: SessionIngestBatch.maximumRecords))
        #expect(try SessionIngestBatch(full).entries.count == 10_000)
        let over = F.batch(Array(repeating: record, count: SessionIngestBatch.maximumRecords + 1))
        do {
            _ = try SessionIngestBatch(over)
            Issue.record("accepted \(SessionIngestBatch.maximumRecords + 1) records")
        } catch {
            #expect(error.message == "sessions.ingest accepts at most 10000 records per batch (got 10001)")
        }
    }
}
