import Testing

@testable import MCTranscripts

/// A usage line for de-duplication tests.
func usageLine(
    _ messageID: String?, _ requestID: String?, output: Int, input: Int = 10, session: String = "s1",
    sidechain: Bool = false, model: String? = "claude-sonnet-4-6", uuid: String? = nil, speed: String? = nil
) -> TranscriptLine {
    TranscriptLine(
        type: "assistant", uuid: uuid, sessionID: session, isSidechain: sidechain, messageID: messageID, model: model,
        requestID: requestID, usage: TokenUsage(input: input, output: output, cacheRead: 100), speed: speed)
}

@Suite struct DeduplicatorTests {
    @Test func streamedCopiesCountOnceWithTheLargestUsage() throws {
        var dedup = UsageDeduplicator()
        // Three copies of one response; the first two carry the placeholder output count 1.
        let firstChange = dedup.add(usageLine("msg_1", "req_1", output: 1))
        let first = try #require(firstChange)
        let placeholder = usageLine("msg_1", "req_1", output: 1)
        let expected = UsageRecord(
            key: .response(messageID: "msg_1", requestID: "req_1"), line: placeholder, usage: placeholder.usage!)
        #expect(first == .added(expected))
        #expect(dedup.add(usageLine("msg_1", "req_1", output: 1)) == nil)
        let finalChange = dedup.add(usageLine("msg_1", "req_1", output: 420))
        let final = try #require(finalChange)
        guard case .improved(let record, let replacing) = final else { Issue.record("expected improved"); return }
        #expect(record.usage.output == 420)
        #expect(replacing == .response(messageID: "msg_1", requestID: "req_1"))
        // A smaller copy after the final one does not win.
        #expect(dedup.add(usageLine("msg_1", "req_1", output: 5)) == nil)
        #expect(dedup.usageLines == 4)
        #expect(dedup.duplicateLines == 3)
    }

    @Test func equalCopiesKeepTheFirstUnlessTheLaterCarriesSpeed() {
        var dedup = UsageDeduplicator()
        _ = dedup.add(usageLine("m", "r", output: 9, uuid: "a"))
        #expect(dedup.add(usageLine("m", "r", output: 9, uuid: "b")) == nil)
        let withSpeed = dedup.add(usageLine("m", "r", output: 9, uuid: "c", speed: "standard"))
        #expect(withSpeed?.record.line.uuid == "c")
    }

    @Test func differentRequestIDsOnTheMainChainAreDifferentResponses() {
        // A gateway that reuses one message.id for every response: requestId keeps them apart.
        var dedup = UsageDeduplicator()
        #expect(dedup.add(usageLine("msg_same", "req_1", output: 5)) != nil)
        #expect(dedup.add(usageLine("msg_same", "req_2", output: 5)) != nil)
        #expect(dedup.duplicateLines == 0)
    }

    @Test func sidechainReplayAfterTheParentIsNotCounted() {
        var dedup = UsageDeduplicator()
        _ = dedup.add(usageLine("msg_1", "req_1", output: 50))
        // `/btw` replays the parent message with a new requestId and the same (or larger) usage.
        #expect(dedup.add(usageLine("msg_1", "req_btw", output: 50, sidechain: true)) == nil)
        #expect(dedup.add(usageLine("msg_1", "req_btw", output: 80, sidechain: true)) == nil)
        #expect(dedup.duplicateLines == 2)
    }

    @Test func parentCopySupersedesAnEarlierSidechainReplay() throws {
        var dedup = UsageDeduplicator()
        _ = dedup.add(usageLine("msg_1", "req_btw", output: 80, sidechain: true))
        let improvement = dedup.add(usageLine("msg_1", "req_1", output: 50))
        let change = try #require(improvement)
        guard case .improved(let record, let replacing) = change else { Issue.record("expected improved"); return }
        #expect(record.key == .response(messageID: "msg_1", requestID: "req_1"))
        #expect(!record.flags.contains(.sidechain))
        #expect(replacing == .response(messageID: "msg_1", requestID: "req_btw"))
    }

    @Test func syntheticAndUnknownModelsAreKeptAndFlagged() throws {
        var dedup = UsageDeduplicator()
        let synthetic = TranscriptLine(
            sessionID: "s1", isAPIError: true, messageID: "x", model: "<synthetic>", usage: TokenUsage())
        let syntheticChange = dedup.add(synthetic)
        let syntheticRecord = try #require(syntheticChange)
        #expect(syntheticRecord.record.flags == [.synthetic, .apiError])
        let unknownChange = dedup.add(usageLine("y", "r", output: 1, model: "claude-nova-9"))
        let unknown = try #require(unknownChange)
        #expect(unknown.record.flags == [])
        #expect(PricingCatalog.builtIn.cost(of: unknown.record).flags == .unknownModel)
        let noModelChange = dedup.add(usageLine("z", "r", output: 1, model: nil))
        let noModel = try #require(noModelChange)
        #expect(noModel.record.flags == .noModel)
    }

    @Test func linesWithoutMessageIDMergeOnUUIDOrNotAtAll() {
        var dedup = UsageDeduplicator()
        #expect(dedup.add(usageLine(nil, nil, output: 1, uuid: "u1"))?.record.key == .line(uuid: "u1"))
        #expect(dedup.add(usageLine(nil, nil, output: 1, uuid: "u1")) == nil)
        let unkeyed = dedup.add(usageLine(nil, nil, output: 1))
        #expect(unkeyed?.record.key == .unkeyed)
        #expect(unkeyed?.record.flags.contains(.unkeyed) == true)
        #expect(dedup.add(usageLine(nil, nil, output: 1)) != nil)
    }

    @Test func linesWithoutUsageAreIgnored() {
        var dedup = UsageDeduplicator()
        #expect(dedup.add(TranscriptLine(type: "user", sessionID: "s1")) == nil)
        #expect(dedup.usageLines == 0)
    }

    @Test func sessionsAreBoundedAndLeastRecentlyUsedIsEvicted() {
        var dedup = UsageDeduplicator(window: .init(sessions: 2, responsesPerSession: 4))
        _ = dedup.add(usageLine("m1", "r", output: 1, session: "a"))
        _ = dedup.add(usageLine("m1", "r", output: 1, session: "b"))
        _ = dedup.add(usageLine("m2", "r", output: 1, session: "a"))  // a is now the most recent
        _ = dedup.add(usageLine("m1", "r", output: 1, session: "c"))  // evicts b
        #expect(dedup.rememberedSessions == 2)
        #expect(dedup.add(usageLine("m1", "r", output: 1, session: "a")) == nil)  // still remembered
        #expect(dedup.add(usageLine("m1", "r", output: 1, session: "b")) != nil)  // forgotten
    }

    @Test func responsesPerSessionAreBoundedButTheLastCapacityAreAlwaysRemembered() {
        var dedup = UsageDeduplicator(window: .init(sessions: 1, responsesPerSession: 3))
        for index in 0..<10 { _ = dedup.add(usageLine("m\(index)", "r", output: 1)) }
        // The last 3 distinct responses are always remembered …
        for index in 7..<10 { #expect(dedup.add(usageLine("m\(index)", "r", output: 1)) == nil) }
        // … an old one is forgotten and reported again (the ledger's unique key absorbs it).
        #expect(dedup.add(usageLine("m0", "r", output: 1)) != nil)
    }
}
