import MCShared
import Testing

/// `.env` parsing: every accepted form, and one-line errors that name the line.
@Suite struct DotEnvFileTests {
    @Test func commentsBlankLinesAndExport() throws {
        let text = """
            # a comment

               # indented comment
            export MC_PORT=4000
            export   MC_HOST = 0.0.0.0
            PLAIN=value
            """
        let values = try DotEnvFile.parse(text)
        #expect(values == ["MC_PORT": "4000", "MC_HOST": "0.0.0.0", "PLAIN": "value"])
    }

    @Test func singleQuotesAreLiteral() throws {
        let values = try DotEnvFile.parse(#"PASS='a\nb "c" #d'"#)
        #expect(values["PASS"] == #"a\nb "c" #d"#)
    }

    @Test func doubleQuotesUnescape() throws {
        let values = try DotEnvFile.parse(#"MSG="line1\nline2\ttab \"quoted\" back\\slash # not a comment""#)
        #expect(values["MSG"] == "line1\nline2\ttab \"quoted\" back\\slash # not a comment")
    }

    @Test func inlineCommentOnUnquotedValue() throws {
        let values = try DotEnvFile.parse("A=value # comment\nB=with#hash\nC= spaced  ")
        #expect(values == ["A": "value", "B": "with#hash", "C": "spaced"])
    }

    @Test func emptyValueIsAllowed() throws {
        #expect(try DotEnvFile.parse("EMPTY=") == ["EMPTY": ""])
    }

    @Test func laterAssignmentWins() throws {
        #expect(try DotEnvFile.parse("A=1\nA=2") == ["A": "2"])
    }

    /// A file saved on Windows: every line ends in CR LF.
    @Test func crlfLineEndings() throws {
        let values = try DotEnvFile.parse("# comment\r\nA=1\r\nB='two'\r\n\r\nC=\"three\"\r\n")
        #expect(values == ["A": "1", "B": "two", "C": "three"])
    }

    @Test func invalidLineNamesItsNumber() {
        let error = #expect(throws: ConfigurationError.self) {
            try DotEnvFile.parse("A=1\n\njust some words\n", source: "/etc/mc.env")
        }
        #expect(error?.description == "invalid configuration: /etc/mc.env line 3: expected KEY=value")
    }

    @Test func missingKeyIsInvalid() {
        let error = #expect(throws: ConfigurationError.self) { try DotEnvFile.parse("=value") }
        #expect(error?.message == ".env line 1: expected KEY=value")
    }

    @Test(arguments: ["1ABC", "MY-VAR", "A B", "A.B"])
    func badVariableName(_ name: String) {
        let error = #expect(throws: ConfigurationError.self) { try DotEnvFile.parse("OK=1\n\(name)=x") }
        #expect(error?.message == ".env line 2: '\(name)' is not a valid variable name")
    }

    @Test(arguments: [#"A="open"#, "A='open", #"A=""#, #"A="mixed'"#])
    func unterminatedQuote(_ line: String) {
        let error = #expect(throws: ConfigurationError.self) { try DotEnvFile.parse("\n" + line) }
        #expect(error?.message.hasPrefix(".env line 2: unterminated") == true, "\(String(describing: error))")
    }

    @Test func missingFileIsEmpty() throws {
        #expect(try DotEnvFile.load(path: "/nonexistent/mc-\(UInt64.random(in: 0...UInt64.max)).env") == [:])
    }
}
