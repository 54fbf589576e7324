import AsyncHTTPClient
import Foundation
import MCShared
import NIOCore
import NIOPosix

/// Turns what can go wrong in one attempt into the short text stored as the delivery's `error`
/// (the original's wording where it has one: "Timeout (10s)").
enum WebhookAttemptError {
    /// The attempt ran out of time.
    struct Timeout: Error {}

    /// "Timeout (10s)" for a limit of 10 s; milliseconds for limits under a second (tests).
    static func timeoutMessage(_ limit: Duration) -> String {
        let seconds = limit.components.seconds
        if seconds >= 1 && limit.components.attoseconds == 0 { return "Timeout (\(seconds)s)" }
        return "Timeout (\(limit.wholeMilliseconds)ms)"
    }

    /// "Redirect refused (302)": redirects are never followed, so the target stays the checked one.
    static func redirectMessage(_ status: Int) -> String { "Redirect refused (\(status))" }

    /// A short, secret-free description of a transport failure.
    static func message(for error: any Error, timeout: Duration) -> String {
        if error is Timeout { return timeoutMessage(timeout) }
        if let error = error as? HTTPClientError {
            if [.connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout].contains(error) {
                return timeoutMessage(timeout)
            }
            if error == .remoteConnectionClosed { return "Connection closed by the receiver" }
        }
        if let refused = refusedMessage(error) { return refused }
        let text = String(describing: error)
        if text.contains("NIOSSL") || text.contains("TLS") || text.contains("certificate") {
            return "TLS error: " + String(text.prefix(160))
        }
        return "Request failed: " + String(text.prefix(160))
    }

    /// "Connection refused" and friends, found through NIO's connection errors.
    private static func refusedMessage(_ error: any Error) -> String? {
        var errors: [any Error] = [error]
        if let connection = error as? NIOConnectionError { errors += connection.connectionErrors.map(\.error) }
        for candidate in errors {
            guard let io = candidate as? IOError else { continue }
            switch io.errnoCode {
            case ECONNREFUSED: return "Connection refused"
            case ECONNRESET: return "Connection reset"
            case EHOSTUNREACH, ENETUNREACH: return "Host unreachable"
            default: return "Connection failed (\(String(cString: strerror(io.errnoCode))))"
            }
        }
        return String(describing: error).contains("onnection refused") ? "Connection refused" : nil
    }
}
