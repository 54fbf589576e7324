/// A failure in the credential crypto: hashing, the secret key file, or opening a sealed secret.
///
/// Like the other error types in the project it carries a code, a message for the operator, and
/// where it was raised; equality compares codes only. None of these is shown to API clients as
/// is: routes map them to a generic 500.
struct CredentialCryptoError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, extensible without breaking callers that switch on it.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// libsodium could not hash a password (in practice: it could not allocate the ~64 MiB).
        static let hashingFailed = Code(name: "hashing_failed")
        /// The secret key file could not be created or read, or has the wrong size.
        static let keyFile = Code(name: "key_file")
        /// A sealed secret is not in the `sb1:` format (wrong prefix, bad base64, too short).
        static let malformedSecret = Code(name: "malformed_secret")
        /// A sealed secret failed authentication: it was altered, or sealed with another key.
        static let secretRejected = Code(name: "secret_rejected")
        /// An opened secret was expected to be text but is not valid UTF-8.
        static let notText = Code(name: "not_text")
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
