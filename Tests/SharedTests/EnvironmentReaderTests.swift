import MCShared
import Testing

/// Typed environment access and its one-line errors.
@Suite struct EnvironmentReaderTests {
    private let range = 0.0...60.0

    @Test func emptyValueCountsAsUnset() throws {
        let reader = EnvironmentReader(["EMPTY": ""])
        #expect(reader.string("EMPTY") == nil)
        #expect(try reader.integer("EMPTY", default: 7, in: 1...10) == 7)
        #expect(try reader.seconds("EMPTY", default: .seconds(3), in: range) == .seconds(3))
        #expect(try reader.flag("EMPTY", default: true) == true)
    }

    @Test(arguments: [
        ("1.5", Duration.milliseconds(1500)), ("2", .seconds(2)), (" 0.25 ", .milliseconds(250)),
        ("0.0015", .milliseconds(2)), ("60", .seconds(60)), ("0", .zero),
    ])
    func seconds(_ raw: String, _ expected: Duration) throws {
        #expect(try EnvironmentReader(["T": raw]).seconds("T", default: .seconds(9), in: range) == expected)
    }

    @Test(arguments: ["60.5", "-1", "abc", "nan", "inf", "1s"])
    func badSeconds(_ raw: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try EnvironmentReader(["MC_TIMEOUT": raw]).seconds("MC_TIMEOUT", default: .seconds(1), in: range)
        }
        #expect(error?.description == "invalid configuration: MC_TIMEOUT: expected a number of seconds from 0.0 to 60.0, got '\(raw)'")
    }

    @Test(arguments: [("1", true), ("TRUE", true), ("yes", true), ("On", true), ("0", false), ("false", false), ("NO", false), ("off", false)])
    func flags(_ raw: String, _ expected: Bool) throws {
        #expect(try EnvironmentReader(["F": raw]).flag("F", default: !expected) == expected)
    }

    @Test func badFlag() {
        let error = #expect(throws: ConfigurationError.self) { try EnvironmentReader(["MC_DEBUG": "maybe"]).flag("MC_DEBUG") }
        #expect(error?.variable == "MC_DEBUG")
        #expect(error?.message == "expected 1/true/yes/on or 0/false/no/off, got 'maybe'")
    }

    @Test func integerTrimsAndChecksRange() throws {
        let reader = EnvironmentReader(["N": " 42\t", "BIG": "11"])
        #expect(try reader.integer("N", default: 0, in: 0...100) == 42)
        let error = #expect(throws: ConfigurationError.self) { try reader.integer("BIG", default: 0, in: 1...10) }
        #expect(error?.message == "expected a whole number from 1 to 10, got '11'")
    }
}
