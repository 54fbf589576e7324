import CLinux
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Starts child processes with their output piped into `ChildOutputLog`.
///
/// Every spawn runs on one dedicated thread that lives as long as the supervisor, because
/// Linux's `PR_SET_PDEATHSIG` (set by each child) fires when the *thread* that created the
/// child exits, not the process: spawning from a pool thread that is later retired would
/// kill healthy children.
final class ChildLauncher: Sendable {
    private let spawnThread: NIOThreadPool
    private let group: any EventLoopGroup
    private let output: ChildOutputLog

    /// Creates a launcher; its spawn thread starts now.
    init(output: ChildOutputLog, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.output = output
        self.group = group
        self.spawnThread = NIOThreadPool(numberOfThreads: 1)
        spawnThread.start()
    }

    /// Spawns `executable` with `arguments` and `environment`; returns its pid.
    func launch(id: String, executable: String, arguments: [String], environment: [String: String]) async throws
        -> Int32
    {
        var fds: [Int32] = [-1, -1]
        guard mc_pipe_cloexec(&fds) == 0 else { throw LaunchError(errno: errno, what: "pipe") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let argv = [executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }.sorted()
        let result: (pid: Int32, errno: Int32)
        do {
            result = try await spawnThread.runIfActive {
                withCStrings(argv) { argvPointers in
                    withCStrings(envp) { envPointers in
                        let pid = mc_spawn(executable, argvPointers, envPointers, writeEnd, writeEnd)
                        return (pid, pid < 0 ? errno : 0)
                    }
                }
            }
        } catch {
            close(readEnd)
            close(writeEnd)
            throw error
        }
        close(writeEnd)
        guard result.pid > 0 else {
            close(readEnd)
            throw LaunchError(errno: result.errno, what: "spawn \(executable)")
        }
        let output = self.output
        _ = try? await NIOPipeBootstrap(group: group)
            .takingOwnershipOfDescriptor(input: readEnd) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(LineSplitter(child: id, log: output))
                }
            }
        return result.pid
    }

    /// A failed system call while launching.
    struct LaunchError: Error, CustomStringConvertible {
        let errno: Int32
        let what: String
        var description: String { "\(what): \(String(cString: strerror(errno)))" }
    }
}

/// Calls `body` with a NULL-terminated C array of the strings, valid only during the call.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
