import Logging
import MCIPC
import MCShared

/// Answers workers' requests on `api.sock` (DESIGN §3). Worker jobs add their methods
/// (`webhooks.lease`, `sessions.ingest`, …) in their own files as they arrive.
struct APIBusHandler: IPCMessageHandler {
    let startedAt: ContinuousClock.Instant
    let logger: Logger
    /// Answers `agents.liveness_sweep` (the scheduler's 15 s liveness tick); nil in processes
    /// that do not run the sweep.
    var agentLiveness: AgentLivenessEndpoint? = nil
    /// Answers `webhooks.lease` / `webhooks.report` (the deliverer worker); nil where unused.
    var webhooks: WebhookBusEndpoint? = nil
    /// Answers `sessions.ingest` / `sessions.state` / `sessions.file_removed` (the scanner); nil where unused.
    var sessions: SessionBusEndpoint? = nil

    func handleRequest(_ request: IPCRequest, from connection: IPCConnection) async throws -> JSONValue {
        switch request.method {
        case "bus.ping":
            // Echo: lets a worker check the round trip and the benchmark measure it.
            return request.body
        case "api.status":
            return [
                "version": .string(MissionControlVersion.current),
                "uptimeMs": .number(Double((ContinuousClock.now - startedAt).wholeMilliseconds)),
            ]
        case AgentLivenessEndpoint.method:
            guard let agentLiveness else { throw IPCError(.unknownMethod, "mc-api has no method '\(request.method)'") }
            return try await agentLiveness.sweep()
        case WebhookBusEndpoint.leaseMethod, WebhookBusEndpoint.reportMethod:
            guard let webhooks else { throw IPCError(.unknownMethod, "mc-api has no method '\(request.method)'") }
            return try await webhooks.handle(method: request.method, body: request.body)
        case let method where SessionBusEndpoint.methods.contains(method):
            guard let sessions else { throw IPCError(.unknownMethod, "mc-api has no method '\(request.method)'") }
            return try await sessions.handle(method: method, body: request.body)
        default:
            throw IPCError(.unknownMethod, "mc-api has no method '\(request.method)'")
        }
    }

    func connectionEstablished(_ connection: IPCConnection) async {
        logger.info(
            "bus client connected",
            metadata: ["mc.peer.role": "\(connection.peer?.role ?? "?")", "mc.peer.name": "\(connection.peer?.name ?? "-")"])
    }

    func connectionClosed(_ connection: IPCConnection, error: IPCError?) async {
        logger.info(
            "bus client disconnected",
            metadata: [
                "mc.peer.name": "\(connection.peer?.name ?? "-")", "mc.error": "\(error.map { "\($0)" } ?? "none")",
            ])
    }
}
