import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Collects exited children with a blocking `waitpid` on a dedicated thread, so an exit is
/// seen the instant it happens whatever the async runtime is doing, and no zombie is left.
enum ChildReaper {
    /// Starts the reaper thread; `onExit` gets each child's pid and how it ended.
    static func start(onExit: @escaping @Sendable (Int32, ProcessExit) -> Void) {
        let thread = Thread {
            while true {
                var status: Int32 = 0
                let pid = waitpid(-1, &status, 0)
                if pid > 0 {
                    onExit(pid, decode(status))
                } else if errno == ECHILD {
                    usleep(20_000)  // no children yet (start) or any more (stopping)
                }
            }
        }
        thread.name = "mcsup-reaper"
        thread.start()
    }

    /// Decodes a wait status (the WIFEXITED / WTERMSIG macros, which Swift cannot import).
    static func decode(_ status: Int32) -> ProcessExit {
        let signal = status & 0x7f
        if signal == 0 { return .exited(code: (status >> 8) & 0xff) }
        return .signaled(signal: signal)
    }
}
