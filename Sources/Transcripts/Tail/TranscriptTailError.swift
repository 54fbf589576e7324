#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A transcript could not be read for a reason other than being gone (permissions, I/O).
public struct TranscriptTailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The call that failed (`open`, `fstat`, `pread`).
    public var operation: String
    /// `errno` after the call.
    public var code: Int32

    /// Creates an error.
    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    /// `cannot <operation> '<path>': <strerror>`.
    public var description: String { "cannot \(operation) '\(path)': \(String(cString: strerror(code)))" }
}
