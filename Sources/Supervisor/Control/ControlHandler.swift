import MCIPC
import MCShared

/// Serves `mcsup.sock`: children's `child.ready` and heartbeats, and the CLI's `sup.status`,
/// `sup.restart`, `sup.stop` and `sup.logs`.
struct ControlHandler: IPCMessageHandler {
    let runtime: SupervisorRuntime

    func handleRequest(_ request: IPCRequest, from connection: IPCConnection) async throws -> JSONValue {
        switch (connection.peer?.role, request.method) {
        case ("child", "child.ready"):
            guard let id = connection.peer?.name, let pid = connection.peerCredentials?.pid else {
                throw IPCError(.badRequest, "child.ready needs a child id in the hello")
            }
            await runtime.childReady(id: id, pid: pid)
            return .emptyObject
        case ("cli", "sup.status"):
            return try JSONValue(encoding: await runtime.status())
        case ("cli", "sup.restart"):
            guard let id = request.body["child"]?.stringValue else {
                throw IPCError(.badRequest, "sup.restart needs {\"child\": \"<id>\"}")
            }
            do {
                try await runtime.restart(id: id)
            } catch {
                throw IPCError(.notFound, error.message)
            }
            return ["child": .string(id)]
        case ("cli", "sup.stop"):
            Task { await runtime.stop() }
            return .emptyObject
        case ("cli", "sup.logs"):
            guard let id = request.body["child"]?.stringValue else {
                throw IPCError(.badRequest, "sup.logs needs {\"child\": \"<id>\"}")
            }
            let known = await runtime.status().children.map(\.id)
            guard known.contains(id) else {
                throw IPCError(.notFound, "no child '\(id)'; children are: \(known.joined(separator: ", "))")
            }
            let count = request.body["lines"]?.intValue ?? 50
            let lines = runtime.output.tail(child: id, count: count)
            return ["lines": .array(lines.map(JSONValue.string))]
        default:
            throw IPCError(.unknownMethod, "mcsup has no method '\(request.method)' for role '\(connection.peer?.role ?? "?")'")
        }
    }

    func handleEvent(_ event: IPCEvent, from connection: IPCConnection) async {
        guard event.topic == "child.heartbeat", connection.peer?.role == "child", let id = connection.peer?.name,
            let pid = connection.peerCredentials?.pid
        else { return }
        await runtime.heartbeat(id: id, pid: pid)
    }

    func connectionEstablished(_ connection: IPCConnection) async {
        guard connection.peer?.role == "child", let id = connection.peer?.name else { return }
        await runtime.register(connection, id: id)
    }

    func connectionClosed(_ connection: IPCConnection, error: IPCError?) async {
        guard connection.peer?.role == "child", let id = connection.peer?.name else { return }
        await runtime.unregister(connection, id: id)
    }
}
