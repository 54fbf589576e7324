import Foundation
import HTTPTypes
import Hummingbird
import MCShared
import NIOCore
import ServiceLifecycle

/// `GET /api/events`: the live event stream (SSE) of the caller's workspace.
///
/// Differences from the original, which had no ids and no replay: every event carries
/// `id: <events.id>`, and a client reconnecting with `Last-Event-ID` (EventSource does this by
/// itself) first gets every event it missed from the table, then live ones, each exactly once
/// and in order. Events stay unnamed (no `event:` line), so `onmessage` handlers written for the
/// original keep working; the type is inside the JSON as before.
struct EventStreamRoutes {
    let database: EventedDatabase
    /// Backlog rows read per query while catching up.
    static let pageSize = 500

    func register(on routes: RouteRegistry) {
        routes.add(
            RouteDescriptor(
                method: .get, path: "/api/events", access: .role(.viewer),
                summary: "Live events of the caller's workspace (SSE; resumes from Last-Event-ID)", tag: "Events",
                queryParameters: ["lastEventId"])
        ) { request, context in
            try await stream(request, context)
        }
    }

    private func stream(_ request: Request, _ context: APIContext) async throws -> Response {
        guard let identity = context.identity else { throw APIError(.unauthorized, "Authentication required") }
        let lastSeen = try Self.lastEventID(request)
        let workspaceID = identity.workspaceID
        let database = self.database
        // The starting point is fixed before subscribing and the backlog after it is replayed
        // after subscribing, so nothing committed in between is missed; live events that the
        // backlog already covered are skipped by id.
        let start: Int64
        if let lastSeen { start = lastSeen } else { start = try await database.read { try EventLog.latestID($0) } }
        let subscription = database.hub.subscribe(workspaceID: workspaceID)
        // End the subscription when the connection closes. A client that only half-closes is
        // noticed at the next write instead: an event, or the keep-alive every 15 s.
        context.connectionClosed.whenComplete { _ in subscription.cancel() }
        let body = ResponseBody { writer in
            defer { subscription.cancel() }
            let connected: JSONValue = ["type": "connected", "data": nil, "timestamp": .number(Date().timeIntervalSince1970 * 1000)]
            // The greeting carries the starting point as its id, so a client that sees no event
            // before it reconnects still resumes from here instead of from "now".
            try await writer.write(Self.frame(id: start, json: connected.jsonBytes))
            var cursor = start
            while true {
                let backlog = try await database.read { [cursor] db in
                    try EventLog.events(db, after: cursor, workspaceID: workspaceID, limit: Self.pageSize)
                }
                for event in backlog {
                    try await writer.write(Self.frame(id: event.id, json: event.serverEventJSON))
                    cursor = event.id
                }
                if backlog.count < Self.pageSize { break }
            }
            // Graceful shutdown ends the stream at once (the server waits for open responses);
            // clients reconnect with Last-Event-ID to the next instance.
            try await withGracefulShutdownHandler {
                try await Self.forward(subscription, after: cursor, to: &writer)
            } onGracefulShutdown: {
                subscription.cancel()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/event-stream", .cacheControl: "no-cache, no-transform",
                HTTPField.Name("X-Accel-Buffering")!: "no",
            ],
            body: body)
    }

    /// Writes live events newer than `cursor` until the subscription ends.
    private static func forward(_ subscription: EventHub.Subscription, after start: Int64, to writer: inout any ResponseBodyWriter) async throws {
        var cursor = start
        for await item in subscription.items {
            switch item {
            case .event(let event) where event.id > cursor:
                try await writer.write(Self.frame(id: event.id, json: event.serverEventJSON))
                cursor = event.id
            case .event:
                continue
            case .heartbeat:
                try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
            }
        }
        // The stream ended: shutdown, a disconnect, or this client fell too far behind. A client
        // reconnects with Last-Event-ID and catches up from the table.
    }

    /// The resume point: the `Last-Event-ID` header, or `?lastEventId=` for clients that cannot
    /// set headers. Invalid values are a 400 rather than a silent full replay.
    static func lastEventID(_ request: Request) throws -> Int64? {
        let raw = request.headers[HTTPField.Name("Last-Event-ID")!] ?? request.uri.queryParameters.get("lastEventId")
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = Int64(raw), value >= 0 else {
            throw APIError(.badRequest, "Last-Event-ID must be a non-negative event id, got '\(raw)'")
        }
        return value
    }

    static func frame(id: Int64?, json: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        if let id { buffer.writeString("id: \(id)\n") }
        buffer.writeString("data: ")
        buffer.writeBytes(json)
        buffer.writeString("\n\n")
        return buffer
    }
}
