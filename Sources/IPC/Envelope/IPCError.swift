/// An IPC failure with a machine-readable code and a human message. It travels in the `e`
/// field of a response and is what every IPC call throws.
public struct IPCError: Error, Sendable, Codable, CustomStringConvertible {
    /// The kind of failure. Extensible: unknown codes from a newer peer decode as themselves.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The deadline passed before a response arrived.
        public static let timeout = Code(rawValue: "timeout")
        /// A queue or in-flight limit was reached; try again later.
        public static let overloaded = Code(rawValue: "overloaded")
        /// The peer broke the protocol (bad frame, bad JSON, bad hello); the connection closes.
        public static let `protocol` = Code(rawValue: "protocol")
        /// Not connected, or the connection closed before a response.
        public static let unavailable = Code(rawValue: "unavailable")
        /// No handler for this method.
        public static let unknownMethod = Code(rawValue: "unknown_method")
        /// The request body is not what the method expects.
        public static let badRequest = Code(rawValue: "bad_request")
        /// The peer is not allowed (wrong uid, wrong role).
        public static let forbidden = Code(rawValue: "forbidden")
        /// The thing named does not exist.
        public static let notFound = Code(rawValue: "not_found")
        /// The handler failed.
        public static let `internal` = Code(rawValue: "internal")
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, for people.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}

extension IPCError: Equatable {
    /// Errors are equal when their codes are: messages may carry details.
    public static func == (lhs: IPCError, rhs: IPCError) -> Bool { lhs.code == rhs.code }
}
