/// Why the SSRF guard refused a webhook URL, with a one-line message for the API's 400 and the
/// delivery's `error` column. Equality compares the reason only.
public struct WebhookTargetRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal, for callers that branch on it.
    public enum Reason: Sendable, Hashable {
        /// Not a URL at all.
        case invalidURL
        /// A scheme other than http or https.
        case scheme
        /// `user:password@` in the URL.
        case userInfo
        /// No host.
        case missingHost
        /// A port outside 1…65535.
        case port
        /// A host that ends in a number but is not a valid IPv4 address.
        case invalidAddress
        /// A host name or address of a refused kind.
        case blocked(WebhookAddressClass)
        /// The name resolved to no address.
        case unresolvable
    }

    /// The kind of refusal.
    public let reason: Reason
    /// The message, starting with "Refused: ".
    public let message: String

    /// A refusal.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// Equal when the reasons are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.reason == rhs.reason }

    /// Hashes the reason.
    public func hash(into hasher: inout Hasher) { hasher.combine(reason) }

    /// The hint appended to refusals that `MC_WEBHOOK_ALLOW_PRIVATE=1` would lift.
    static let allowPrivateHint = " (set MC_WEBHOOK_ALLOW_PRIVATE=1 to allow private targets)"

    /// "Refused: <subject> is <kind>", with the hint when the kind can be allowed.
    static func blocked(_ subject: String, _ kind: WebhookAddressClass) -> Self {
        let hint = kind.allowedWhenPrivateAllowed ? allowPrivateHint : ""
        return Self(.blocked(kind), "Refused: \(subject) is \(kind.phrase)\(hint)")
    }
}
