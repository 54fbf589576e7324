/// An event the state machine refuses, such as `mcsup restart` of an unknown child.
///
/// Like the other error types in the project it carries a code, a message for the user, and
/// where it was raised; equality compares codes only.
struct SupervisorStateMachineError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, extensible without breaking callers that switch on it.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// No child with the given id.
        static let unknownChild = Code(name: "unknown_child")
        /// The supervisor has not started its children yet, or is stopping them.
        static let notSupervising = Code(name: "not_supervising")
        var description: String { name }
    }

    var code: Code
    var message: String
    var fileID: String
    var line: Int

    init(_ code: Code, _ message: String, fileID: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.fileID = fileID
        self.line = line
    }

    var description: String { message }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
