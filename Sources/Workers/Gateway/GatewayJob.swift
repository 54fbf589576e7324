import Logging
import MCIPC
import MCShared

/// `mc-worker gateway`: will hold the OpenClaw gateway WebSocket connections. On this runtime
/// today it validates the gateway settings and follows `gateways.changed`; the protocol client
/// arrives with the gateway issue.
struct GatewayJob: WorkerJob {
    let name = "gateway"
    let topics = ["gateways.changed"]

    func validate(_ configuration: MissionControlConfiguration) throws(ConfigurationError) {
        _ = try configuration.environment.integer("OPENCLAW_GATEWAY_PORT", default: 18789, in: 1...65535)
        if let host = configuration.environment.string("OPENCLAW_GATEWAY_HOST"), host.contains(where: \.isWhitespace) {
            throw ConfigurationError("OPENCLAW_GATEWAY_HOST", "'\(host)' is not a host name or address")
        }
    }

    func run(context: WorkerContext) async throws {
        try await waitUntilCancelled()
    }

    func handleEvent(_ event: IPCEvent, context: WorkerContext) async {
        context.logger.debug("gateway configuration changed", metadata: ["mc.topic": "\(event.topic)"])
    }
}
