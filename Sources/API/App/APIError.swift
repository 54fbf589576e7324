import Foundation
import HTTPTypes
import Hummingbird
import MCShared
import NIOCore

/// An error a client can see: an HTTP status and the original's body shape `{"error": "..."}`.
/// Every route throws these; anything else becomes a 500 with no internal detail.
struct APIError: HTTPResponseError, Equatable {
    /// The HTTP status.
    var status: HTTPResponse.Status
    /// The message for the client.
    var message: String

    /// Creates an error.
    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        jsonResponse(json: ["error": .string(message)], status: status)
    }
}
