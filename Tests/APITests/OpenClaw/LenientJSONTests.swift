import MCShared
import Testing

@testable import MCAPI

/// The hand-written JSON forms `openclaw.json` turns up in.
@Suite struct LenientJSONTests {
    @Test func strictJSONParsesAsIs() {
        #expect(LenientJSON.parse(#"{"a": [1, 2]}"#) == ["a": [1, 2]])
    }

    @Test func commentsAndTrailingCommasAreRemovedOutsideStrings() {
        let text = """
            {
              // the agents
              "url": "http://x//y", /* block
              comment */ "list": [1, 2,],
              "note": "a /* not a comment */ b",
            }
            """
        #expect(
            LenientJSON.parse(text) == ["url": "http://x//y", "list": [1, 2], "note": "a /* not a comment */ b"])
    }

    @Test func bareKeysAreQuoted() {
        let text = #"{agents: {list: [{id: "main", "default": true, model_name: "x"}]}}"#
        #expect(LenientJSON.parse(text) == ["agents": ["list": [["id": "main", "default": true, "model_name": "x"]]]])
    }

    @Test func escapedQuotesInStringsDoNotEndThem() {
        #expect(LenientJSON.parse(#"{"a": "say \"hi\" // still text",}"#) == ["a": #"say "hi" // still text"#])
    }

    @Test func garbageIsNil() {
        #expect(LenientJSON.parse("{not json at all") == nil)
        #expect(LenientJSON.parse("") == nil)
    }
}
