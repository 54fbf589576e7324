import MCShared

/// One row of the `events` table: a visible change, written in the same transaction as the
/// change itself. Its id is the SSE event id and the webhook outbox key.
struct StoredEvent: Sendable, Equatable {
    /// Monotonic id (SQLite rowid of an AUTOINCREMENT table: never reused).
    var id: Int64
    /// The original's event type, e.g. `task.created`.
    var type: String
    /// The workspace whose members may see it.
    var workspaceID: Int64
    /// The payload (`data` of the original's ServerEvent).
    var payload: JSONValue
    /// Commit time in milliseconds since the epoch (the ServerEvent `timestamp`).
    var timestampMs: Int64
    /// The original's ServerEvent envelope `{type, data, timestamp}` as JSON, serialized once
    /// here rather than once per SSE subscriber.
    let serverEventJSON: [UInt8]

    init(id: Int64, type: String, workspaceID: Int64, payload: JSONValue, timestampMs: Int64) {
        self.id = id
        self.type = type
        self.workspaceID = workspaceID
        self.payload = payload
        self.timestampMs = timestampMs
        let envelope: JSONValue = ["type": .string(type), "data": payload, "timestamp": .number(Double(timestampMs))]
        self.serverEventJSON = envelope.jsonBytes
    }
}
