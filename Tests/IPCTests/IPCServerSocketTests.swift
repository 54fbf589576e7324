import Foundation
import MCShared
import Testing

@testable import MCIPC

#if canImport(Glibc)
import Glibc
#endif

/// The socket file's life: permissions, stale files, live owners, wrong file types, and who connected.
@Suite struct IPCServerSocketTests {
    /// The `lstat` mode of `path`, or nil when nothing is there.
    private func fileMode(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode
    }

    /// Runs `body` with a fresh short directory, removed afterwards.
    private func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = try makeSocketDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }

    /// Binds a server at `path` and expects it to fail; returns the error.
    private func bindFailure(_ path: String) async -> IPCError? {
        await ipcError {
            let server = try await IPCServer.bind(
                path: path, hello: testHello("api"), handler: NoMessageHandler(), logger: quietLogger)
            server.close()
        }
    }

    @Test func socketFileIsOwnerOnly() async throws {
        try await withServer { running in
            let mode = try #require(fileMode(running.path))
            #expect(mode & S_IFMT == S_IFSOCK)
            #expect(mode & 0o777 == 0o600, "mode is \(String(mode & 0o777, radix: 8))")
        }
    }

    @Test func acceptingSideRecordsPeerCredentials() async throws {
        try await withServer { running in
            let client = try await connectClient(to: running)
            #expect(client.peerCredentials == nil, "the client side has no SO_PEERCRED record")
            #expect(await eventually { running.server.connections.count == 1 })
            let credentials = try #require(running.server.connections.first?.peerCredentials)
            #expect(credentials == PeerCredentials(pid: getpid(), uid: getuid(), gid: getgid()))
            await closeAndWait(client)
            #expect(await eventually { running.server.connections.isEmpty })
        }
    }

    @Test func staleSocketFileIsReplaced() async throws {
        try await withDirectory { directory in
            let path = directory + "/api.sock"
            try RawSocket.makeStaleSocketFile(at: path)
            #expect(fileMode(path).map { $0 & S_IFMT } == S_IFSOCK)
            let refused = await ipcError { _ = try await IPCClient.connect(path: path, hello: testHello("worker")) }
            #expect(refused?.code == .unavailable)
            #expect(refused?.message == "cannot connect to \(path): connection refused (stale socket; is the process running?)")

            let running = try await RunningServer.start(
                handler: TestHandler(respond: { _ in "fresh" }), directory: directory)
            let client = try await connectClient(to: running)
            #expect(try await client.request("who") == "fresh")
            await closeAndWait(client)
            await running.stop()
        }
    }

    /// A server that was closed leaves its file behind; the next bind on the same path takes it over.
    @Test func rebindAfterClose() async throws {
        try await withDirectory { directory in
            let first = try await RunningServer.start(directory: directory)
            await first.stop()
            let second = try await RunningServer.start(handler: TestHandler(respond: { _ in 2 }), directory: directory)
            let client = try await connectClient(to: second)
            #expect(try await client.request("n") == 2)
            await closeAndWait(client)
            await second.stop()
        }
    }

    @Test func liveSocketIsNeverStolen() async throws {
        try await withServer(handler: TestHandler(respond: { _ in "first" })) { running in
            let error = await bindFailure(running.path)
            #expect(error?.code == .unavailable)
            #expect(error?.message.contains("already listening") == true, "\(String(describing: error))")
            #expect(error?.message.contains(running.path) == true)
            // The first server still owns the path and answers.
            let client = try await connectClient(to: running)
            #expect(try await client.request("who") == "first")
            await closeAndWait(client)
        }
    }

    @Test func regularFileAtPathIsRefused() async throws {
        try await withDirectory { directory in
            let path = directory + "/api.sock"
            try "not a socket".write(toFile: path, atomically: true, encoding: .utf8)
            let error = await bindFailure(path)
            #expect(error?.code == .unavailable)
            #expect(error?.message == "\(path) exists and is not a socket; remove it or choose another MC_RUNTIME_DIR")
            #expect(FileManager.default.fileExists(atPath: path), "the file must be left alone")
        }
    }

    @Test func connectToMissingSocket() async throws {
        try await withDirectory { directory in
            let path = directory + "/missing.sock"
            let error = await ipcError { _ = try await IPCClient.connect(path: path, hello: testHello("worker")) }
            #expect(error?.code == .unavailable)
            #expect(error?.message == "cannot connect to \(path): no such socket (is the process running?)")
        }
    }

    @Test func missingDirectoryFailsToBind() async throws {
        let error = await bindFailure("/tmp/mcipc-does-not-exist-\(getpid())/api.sock")
        #expect(error?.code == .unavailable)
        #expect(error?.message.hasPrefix("cannot listen on /tmp/mcipc-does-not-exist-") == true)
    }
}
